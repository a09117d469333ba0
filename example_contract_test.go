package govops_test

import (
	"fmt"

	"github.com/govops-kit/govops"
)

// Problems collects every bad field of an input, so that the caller learns
// all of them at once rather than one per attempt.
func ExampleProblems() {
	var p govops.Problems
	govops.CheckText(&p, "title", "", 200, true)
	govops.CheckCode(&p, "department", " YJJD")
	if _, err := govops.PageLimit(1000); err != nil {
		p.Add("limit", govops.ErrorFields(err)["limit"])
	}
	err := p.Err()
	fmt.Println(govops.ErrorCode(err))
	for _, f := range []string{"title", "department", "limit"} {
		fmt.Printf("%s: %s\n", f, govops.ErrorFields(err)[f])
	}
	// Output:
	// invalid
	// title: required
	// department: must not start or end with spaces
	// limit: must be between 1 and 500 (0 or none means 50)
}

// Every Service method takes the Actor who asks, and asks it the same
// questions.
func ExampleActor() {
	clerk := govops.Actor{Name: "经办人", Department: "YJJD"}
	fmt.Println(clerk.Role(), clerk.MaySee("YJJD"), clerk.MaySee("QZFJ"))
	_, err := clerk.Scope("QZFJ")
	fmt.Println(govops.ErrorCode(err))
	fmt.Println(govops.ErrorCode(clerk.CenterOnly("record deductions")))
	auditor := govops.Actor{Name: "审计", ReadOnly: true}
	fmt.Println(auditor.Role(), auditor.MaySee("QZFJ"), auditor.SeesPersonalData("QZFJ"))
	// Output:
	// department true false
	// forbidden
	// forbidden
	// readonly true false
}

// A page holds at most the limit asked for, and a cursor that resumes after
// its last item.
func ExampleNewPage() {
	numbers := []string{"2022-000003", "2022-000002", "2022-000001"} // fetched with limit+1
	page := govops.NewPage(numbers, 2, func(n string) string { return n })
	fmt.Println(page.Items, page.Next != "")
	after, _ := govops.DecodeCursor(page.Next)
	fmt.Println(after)
	// Output:
	// [2022-000003 2022-000002] true
	// 2022-000002
}

// A rate carries what it counted, and is null over nothing.
func ExampleNewRate() {
	fmt.Println(govops.NewRate(19183, 20000), govops.NewRate(0, 0))
	// Output: 95.92% n/a
}
