package datashare_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/idcode"
)

// A department catalogs its market entity register, publishes it, and
// mounts a CSV file into it, keeping the good rows; the report names
// every bad one.
func Example() {
	ctx := context.Background()
	s := datashare.NewService(datasharemem.New(), datashare.WithNow(func() time.Time {
		return time.Date(2022, 12, 30, 10, 0, 0, 0, govops.ShanghaiLocation())
	}))
	market := govops.Actor{Name: "赵敏", Department: "SCJGJ"}

	check, _ := idcode.USCCCheck("11450205MB0000002")
	entry, err := s.CreateCatalog(ctx, market, datashare.CatalogInput{
		Code: "301001/000012", Name: "市场主体登记信息", Provider: "柳北区市场监督管理局",
		ProviderCode: "11450205MB0000002" + string(check), Summary: "辖区市场主体的登记信息",
		Format: datashare.FormatSpreadsheet, SubFormat: "xlsx",
		Items: []datashare.Item{
			{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC},
			{Name: "名称", Type: datashare.TypeString, Required: true},
			{Name: "成立日期", Type: datashare.TypeDate},
		},
		Key:       []string{"统一社会信用代码"},
		ShareType: datashare.ShareUnconditional, ShareMethod: datashare.MethodFile,
		Open: datashare.OpenUnconditional, Cycle: datashare.CycleMonthly,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := s.PublishCatalog(ctx, market, entry.Code, entry.Version); err != nil {
		fmt.Println(err)
		return
	}

	c, _ := idcode.USCCCheck("92450205MA0000001")
	good := "92450205MA0000001" + string(c)
	file := "统一社会信用代码,名称,成立日期\n" +
		good + ",柳州市某某餐饮店,2021/3/1\n" +
		good[:17] + "0,柳州市另一家店,2021-02-30\n" +
		",柳州市第三家店,\n"
	res, err := s.Mount(ctx, market, entry.Code, strings.NewReader(file), datashare.MountOptions{Mode: csvimport.KeepGood, Source: "市场主体.csv"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("batch %s: mounted %d of %d rows\n", res.Batch.Status.Label(), res.Report.Imported, res.Report.Rows)
	for _, e := range res.Report.Errors {
		fmt.Println(e)
	}
	page, _ := s.Records(ctx, govops.Actor{Name: "李强", Department: "GAJ"}, entry.Code, datashare.RecordQuery{})
	fmt.Println(page.Items[0].Values["成立日期"])
	// Output:
	// batch 已挂接: mounted 1 of 3 rows
	// row 3, 统一社会信用代码: is not a valid 统一社会信用代码: check character is '0', expected 'Q'
	// row 3, 成立日期: "2021-02-30" is not a date: write 2022-03-01 (or 2022/3/1, 20220301)
	// row 4, 统一社会信用代码: is required: every record holds a value
	// 2021-03-01
}
