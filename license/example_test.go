package license_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
)

// A center adds a type, a department claims it and uploads its records
// from a CSV file, and the coverage report says what is still unknown.
func Example() {
	ctx := context.Background()
	s := license.NewService(licensemem.New(), license.WithNow(func() time.Time {
		return time.Date(2022, 12, 31, 12, 0, 0, 0, govops.ShanghaiLocation())
	}))
	center := govops.Actor{Name: "中心-王芳"}
	market := govops.Actor{Name: "李强", Department: "SCJGJ"}

	body, _ := idcode.USCCCheck("11450200MB1234567")
	authority := "11450200MB1234567" + string(body)
	typ := authority + "001"
	if _, err := s.AddType(ctx, center, license.TypeInput{Code: typ, Name: "食品经营许可证", Authority: "柳州市市场监督管理局",
		Level: license.LevelCity, HolderCategory: license.HolderLegal, Validity: license.Validity{MaxMonths: 60}, SingleValid: true}); err != nil {
		fmt.Println(err)
		return
	}
	two := int64(2)
	if _, err := s.FileClaim(ctx, market, license.ClaimInput{Type: typ, Expected: &two}); err != nil {
		fmt.Println(err)
		return
	}

	holder := "92450205MA0000001"
	c, _ := idcode.USCCCheck(holder)
	holder += string(c)
	file := "证照编号,证照类型代码,颁证日期,有效期截止,颁证单位,颁证单位代码,持证主体,持证主体代码类型,持证主体代码\n" +
		"JY001," + typ + ",2022-03-01,2027-02-28,柳北区市场监督管理局," + authority + ",某某餐饮店,001," + holder + "\n" +
		"JY002," + typ + ",2022-03-01,2027-02-28,柳北区市场监督管理局," + authority + ",另一家店,001," + holder[:17] + "0\n"
	rep, _, err := s.ImportRecords(ctx, market, strings.NewReader(file), license.ImportOptions{Mode: csvimport.KeepGood})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("imported %d of %d rows\n", rep.Imported, rep.Rows)
	for _, e := range rep.Errors {
		fmt.Println(e.Field)
	}

	cv, _ := s.Coverage(ctx, center)
	fmt.Printf("types %d, claimed %d, records %d, uploaded %s\n", cv.Types, cv.Claimed, cv.Records, cv.Uploaded)
	for _, r := range cv.Risks {
		fmt.Println(r.Department, r.Reason.Label(), r.Detail)
	}
	// Output:
	// imported 1 of 2 rows
	// holder_code
	// types 1, claimed 1, records 1, uploaded 50.00%
	//  无版式文件 the type is claimed but has no approved layout template (版式文件)
	//  无照面信息 the type is claimed but has no face-data schema (照面信息), so its records cannot carry face data
	// SCJGJ 上传不足 SCJGJ has uploaded 1 of the 2 records it expects (1 missing)
}
