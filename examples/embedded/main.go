// Command embedded runs one 12345 hotline case through the command
// platform's whole lifecycle with govcase over the in-memory store, each
// step by the actor (govops.Actor) who takes it, and prints the audit trail
// and the handling department's on-time rates. It is the smallest program
// that embeds govops.
//
//	go run ./examples/embedded
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
)

func main() {
	if err := run(context.Background(), os.Stdout, time.Now); err != nil {
		fmt.Fprintln(os.Stderr, "embedded:", err)
		os.Exit(1)
	}
}

// run registers, dispatches, accepts, replies to and closes a case, then
// prints its trail. now is the clock; each step advances nothing by itself,
// so the trail shows the real times of a fast run.
func run(ctx context.Context, w io.Writer, now func() time.Time) error {
	svc := govcase.NewService(govcasemem.New(), govcase.WithNow(now))
	center := govops.Actor{Name: "指挥中心值班员"}
	street := govops.Actor{Name: "跃进街道经办人", Department: "YJJD"}

	c, err := svc.Register(ctx, center, govcase.RegisterInput{
		Kind: govcase.KindHotline, Category: govcase.CategoryHelp,
		Source: govcase.SourcePhone, ExternalNo: "LZ12345-20221008-0001",
		Title: "小区路灯不亮", Description: "跃进路某小区路灯连续三晚不亮,请尽快维修。",
		Reporter: govcase.Contact{Name: "张三", Phone: "13812341234"}, Location: "柳北区跃进路",
	})
	if err != nil {
		return err
	}
	steps := []func() (*govcase.Case, error){
		func() (*govcase.Case, error) {
			return svc.Dispatch(ctx, center, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{Note: "请跃进街道处置"}, Department: "YJJD"})
		},
		// IfVersion: the department accepts the case as it last read it.
		func() (*govcase.Case, error) {
			return svc.Accept(ctx, street, c.Number, govcase.ActionInput{IfVersion: c.Version})
		},
		func() (*govcase.Case, error) {
			return svc.Reply(ctx, street, c.Number, govcase.ActionInput{Note: "已联系供电所更换灯具,路灯恢复正常。"})
		},
		func() (*govcase.Case, error) {
			return svc.Close(ctx, center, c.Number, govcase.ActionInput{Note: "回访满意,办结"})
		},
	}
	for _, step := range steps {
		if c, err = step(); err != nil {
			return err
		}
	}
	loc := govops.ShanghaiLocation()
	fmt.Fprintf(w, "案件 %s 「%s」 %s (%s), 部门 %s, 办结时限 %s\n", c.Number, c.Title, c.Status.Label(), c.Status,
		c.Department, c.ResolveBy.In(loc).Format("2006-01-02 15:04"))
	events, err := svc.Events(ctx, center, c.Number)
	if err != nil {
		return err
	}
	for _, e := range events {
		from := "-"
		if e.From != "" {
			from = e.From.Label()
		}
		fmt.Fprintf(w, "%d. %s %-8s %s → %s  %s  %s\n", e.Seq, e.At.In(loc).Format("2006-01-02 15:04:05"),
			e.Type.Label(), from, e.To.Label(), e.Actor, e.Note)
	}
	// The department's own figures: it may read no other department's.
	st, err := svc.Stats(ctx, street, govcase.StatsFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "部门 %s: %d 件, 及时签收率 %s, 按时办结率 %s\n", street.Department, st.Total,
		st.AcceptOnTimeRate, st.ResolveOnTimeRate)
	return nil
}
