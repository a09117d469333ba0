package datashare_test

import (
	"testing"

	"github.com/govops-kit/govops/datashare"
)

func TestParseEnums(t *testing.T) {
	type parsed struct {
		got string
		ok  bool
	}
	str := func(v string, ok bool) parsed { return parsed{v, ok} }
	for _, tc := range []struct {
		name  string
		parse func(string) parsed
		in    map[string]string // input → code; "" for refused
	}{
		{"Class", func(s string) parsed { return str(toS(datashare.ParseClass(s))) }, map[string]string{
			"basic": "basic", "BASIC": "basic", " Theme ": "theme", "基础": "basic", "基础信息资源": "basic", "主题类": "theme",
			"部门信息资源": "department", "3": "department", "4": "", "": "", "基础的": ""}},
		{"Format", func(s string) parsed { return str(toS(datashare.ParseFormat(s))) }, map[string]string{
			"spreadsheet": "spreadsheet", "Database": "database", "电子表格": "spreadsheet", "表格": "spreadsheet", "数据库": "database",
			"电子文件": "file", "图形图像": "image", "流媒体": "media", "自描述格式": "self", "服务接口": "service", "接口": "service",
			"excel": "", "": ""}},
		{"ItemType", func(s string) parsed { return str(toS(datashare.ParseItemType(s))) }, map[string]string{
			"string": "string", "字符型": "string", "字符": "string", "整型": "integer", "整数": "integer", "INT": "integer",
			"数值型": "number", "decimal": "number", "日期型": "date", "日期": "date", "日期时间型": "datetime", "TIMESTAMP": "datetime",
			"逻辑型": "boolean", "布尔": "boolean", "bool": "boolean", "blob": "", "型": ""}},
		{"ShareType", func(s string) parsed { return str(toS(datashare.ParseShareType(s))) }, map[string]string{
			"unconditional": "unconditional", "Conditional": "conditional", "NONE": "none", "无条件共享": "unconditional",
			"无条件": "unconditional", "有条件共享": "conditional", "有条件": "conditional", "不予共享": "none", "不予": "none",
			"共享": "", "": ""}},
		{"ShareMethod", func(s string) parsed { return str(toS(datashare.ParseShareMethod(s))) }, map[string]string{
			"database": "database", "数据库": "database", "库表": "database", "文件": "file", "文件下载": "file", "接口": "interface",
			"服务接口": "interface", "API": "interface", "Interface": "interface", "邮件": ""}},
		{"OpenType", func(s string) parsed { return str(toS(datashare.ParseOpenType(s))) }, map[string]string{
			"unconditional": "unconditional", "无条件开放": "unconditional", "无条件": "unconditional", "有条件开放": "conditional",
			"不予开放": "none", "不开放": "none", "None": "none", "公开": ""}},
		{"Cycle", func(s string) parsed { return str(toS(datashare.ParseCycle(s))) }, map[string]string{
			"realtime": "realtime", "实时": "realtime", "每日": "daily", "日": "daily", "天": "daily", "DAILY": "daily",
			"每周": "weekly", "每月": "monthly", "月": "monthly", "每季度": "quarterly", "季": "quarterly", "季度": "quarterly",
			"每年": "yearly", "年度": "yearly", "每月更新": "monthly", "半年": "", "每两年": ""}},
		{"CatalogStatus", func(s string) parsed { return str(toS(datashare.ParseCatalogStatus(s))) }, map[string]string{
			"draft": "draft", "待发布": "draft", "已发布": "published", "Published": "published", "已下架": "withdrawn",
			"下架": "withdrawn", "deleted": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for in, want := range tc.in {
				got := tc.parse(in)
				if got.ok != (want != "") || want != "" && got.got != want {
					t.Errorf("Parse%s(%q) = %q, %v; want %q", tc.name, in, got.got, got.ok, want)
				}
			}
		})
	}
}

// toS returns an enum and its ok as a string and ok.
func toS[T ~string](v T, ok bool) (string, bool) { return string(v), ok }

func TestEnums_Valid(t *testing.T) {
	for _, c := range datashare.Classes() {
		if !c.Valid() || c.Label() == string(c) {
			t.Errorf("class %s: valid %v, label %s", c, c.Valid(), c.Label())
		}
	}
	for _, c := range datashare.Cycles() {
		if got, ok := datashare.ParseCycle(c.Label()); !ok || got != c {
			t.Errorf("ParseCycle(%s) = %s, %v", c.Label(), got, ok)
		}
	}
	for _, f := range datashare.Formats() {
		if got, ok := datashare.ParseFormat(f.Label()); !ok || got != f {
			t.Errorf("ParseFormat(%s) = %s, %v", f.Label(), got, ok)
		}
	}
	for _, v := range datashare.ItemTypes() {
		if got, ok := datashare.ParseItemType(v.Label()); !ok || got != v {
			t.Errorf("ParseItemType(%s) = %s, %v", v.Label(), got, ok)
		}
	}
	for _, v := range datashare.ShareTypes() {
		if got, ok := datashare.ParseShareType(v.Label()); !ok || got != v {
			t.Errorf("ParseShareType(%s) = %s, %v", v.Label(), got, ok)
		}
	}
	for _, v := range datashare.ShareMethods() {
		if got, ok := datashare.ParseShareMethod(v.Label()); !ok || got != v {
			t.Errorf("ParseShareMethod(%s) = %s, %v", v.Label(), got, ok)
		}
	}
	for _, v := range datashare.OpenTypes() {
		if got, ok := datashare.ParseOpenType(v.Label()); !ok || got != v {
			t.Errorf("ParseOpenType(%s) = %s, %v", v.Label(), got, ok)
		}
	}
	for _, v := range datashare.CatalogStatuses() {
		if got, ok := datashare.ParseCatalogStatus(v.Label()); !ok || got != v {
			t.Errorf("ParseCatalogStatus(%s) = %s, %v", v.Label(), got, ok)
		}
	}
	for _, v := range datashare.BatchStatuses() {
		if !v.Valid() {
			t.Errorf("batch status %s not valid", v)
		}
	}
	if datashare.Class("other").Valid() || datashare.Cycle("").Valid() || datashare.BatchStatus("done").Valid() {
		t.Error("an unknown value is valid")
	}
}
