package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// hotlineImportKind is one CSV import of the hotline Service.
type hotlineImportKind struct {
	Key, Label string
	// Columns are the file's columns, as the Service names them.
	Columns []string
	Note    string
	run     func(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error)
}

// hotlineImportKinds are the imports, in the order the page offers them.
func (c *Console) hotlineImportKinds() []hotlineImportKind {
	h := c.svc.Hotline
	return []hotlineImportKind{
		{Key: "callbacks", Label: "回访记录", Columns: hotline.CallbackColumns(), run: h.ImportCallbacksCSV,
			Note: "每个案件每月至多一条回访；回访结果可写英文代码或中文（满意、未接通…）；回访时间如 2022-08-03 10:30。"},
		{Key: "outcomes", Label: "办理情况", Columns: hotline.OutcomeColumns(), run: h.ImportOutcomesCSV,
			Note: "每个案件一条；导入只新增，已有办理情况的案件为错误行。标志列写 是/否、1/0 或 true/false。"},
		{Key: "peers", Label: "城区成绩", Columns: hotline.PeerColumns(), run: h.ImportPeerResultsCSV,
			Note: "市里公布的各城区成绩；期间为年份（2022）或月份（2022-08），同一期间的成绩整体替换。"},
	}
}

// hotlineImportView is the data of the import page: the form of one kind
// and, after an import, its report.
type hotlineImportView struct {
	Tabs  TabNav
	Kinds []hotlineImportKind
	Kind  hotlineImportKind
	Modes []hotlineOption
	// Mode is the mode chosen (the form's default: all or nothing).
	Mode string
	// Report is the row report of the import just run; nil before.
	Report *csvimport.Report
	// Written says whether the import wrote its good rows.
	Written bool
}

// BadRows is how many rows of the report have a problem.
func (v hotlineImportView) BadRows() int { return v.Report.BadRows() }

// Skipped is how many rows read were not written.
func (v hotlineImportView) Skipped() int { return v.Report.Skipped() }

// hotlineImportData is the page of the import kind key; ENOTFOUND for an
// unknown kind.
func (c *Console) hotlineImportData(rq *request, key string) (hotlineImportView, error) {
	v := hotlineImportView{Tabs: hotlineTabs(rq.s, "import"), Kinds: c.hotlineImportKinds(),
		Modes: []hotlineOption{
			{Value: string(csvimport.AllOrNothing), Label: "全部正确才导入（有错误行则不写入任何行）"},
			{Value: string(csvimport.KeepGood), Label: "导入正确的行，报告错误行"},
		}, Mode: string(csvimport.AllOrNothing)}
	if key == "" {
		key = v.Kinds[0].Key
	}
	for _, k := range v.Kinds {
		if k.Key == key {
			v.Kind = k
			return v, nil
		}
	}
	return v, govops.Errorf(govops.ENOTFOUND, "没有这种导入：%s", key)
}

// hotlineImportPage shows the form of the import ?kind= (callbacks first).
func (c *Console) hotlineImportPage(rq *request) error {
	v, err := c.hotlineImportData(rq, rq.Query("kind"))
	if err != nil {
		return err
	}
	return c.page(rq, "hotline", "hotline_import", "12345热线数据导入："+v.Kind.Label, v)
}

// hotlineImport runs the import of the path's kind on the posted file and
// shows its row report: every bad row with its row number, field and
// problem. The import runs while the request waits.
func (c *Console) hotlineImport(rq *request) error {
	v, err := c.hotlineImportData(rq, rq.Param("kind"))
	if err != nil {
		return err
	}
	title := "12345热线数据导入：" + v.Kind.Label
	v.Mode = rq.Form("mode")
	f, _, err := rq.r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return c.refused(rq, "hotline", "hotline_import", title, v, govops.FieldError("file", "请选择要导入的 CSV 文件"))
	}
	if err != nil {
		return c.refused(rq, "hotline", "hotline_import", title, v,
			govops.Errorf(govops.EINVALID, "无法读取上传的文件：%v", err).WithField("file", "无法读取"))
	}
	defer f.Close()
	rep, err := v.Kind.run(rq.ctx, rq.Actor(), f, csvimport.Mode(v.Mode))
	v.Report = rep
	if err != nil {
		if rep != nil && govops.ErrorCode(err) == govops.EINVALID {
			// An all-or-nothing import that found bad rows: the report
			// says which, and that nothing was written.
			return c.refused(rq, "hotline", "hotline_import", title, v, govops.Errorf(govops.EINVALID, "%s", hotlineNothingImported(rep)))
		}
		return c.refused(rq, "hotline", "hotline_import", title, v, hotlineFileField(err))
	}
	v.Written = true
	return c.page(rq, "hotline", "hotline_import", title, v)
}

// hotlineNothingImported is the message of an all-or-nothing import that
// found bad rows.
func hotlineNothingImported(rep *csvimport.Report) string {
	return fmt.Sprintf("%d 行有错误（共 %d 处），未导入任何行：请按下表逐行修正后重新导入，或选择“导入正确的行”。",
		rep.BadRows(), len(rep.Errors))
}

// hotlineFileField puts the problems of the file itself (its header, its
// encoding), which the Service names by column, beside the file input;
// a problem of the mode stays beside the mode.
func hotlineFileField(err error) error {
	fields := govops.ErrorFields(err)
	if govops.ErrorCode(err) != govops.EINVALID || len(fields) == 0 {
		return err
	}
	if _, ok := fields["mode"]; ok && len(fields) == 1 {
		return err
	}
	out := govops.Errorf(govops.EINVALID, "无法导入：文件有误，见“CSV 文件”下的说明")
	var file []string
	for k, p := range fields {
		if k == "mode" {
			out.WithField(k, p)
			continue
		}
		file = append(file, k+"："+p)
	}
	if len(file) > 0 {
		sort.Strings(file)
		out.WithField("file", "文件有误："+strings.Join(file, "；"))
	}
	return out
}
