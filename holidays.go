package govops

import (
	"slices"
	"strings"
	"sync"
)

// StateCouncilTable returns the State Council holiday tables (国务院办公厅
// 关于部分节假日安排的通知) for 2020 through 2026, the tables that NewCalendar
// loads unless CalendarConfig.NoEmbedded is set. Each call returns a fresh
// copy that the caller may change. It panics only if the embedded tables are
// broken, which the package's tests rule out.
func StateCouncilTable() CalendarTable {
	t, err := stateCouncilTable()
	if err != nil {
		panic("govops: embedded holiday tables are broken: " + err.Error())
	}
	return CalendarTable{Years: slices.Clone(t.Years), Days: slices.Clone(t.Days)}
}

// stateCouncilTable parses the embedded tables once; the result is shared
// and never modified.
var stateCouncilTable = sync.OnceValues(func() (CalendarTable, error) {
	return ParseCalendarTable(strings.NewReader(stateCouncilText))
})

// stateCouncilText lists, per year, every day of each holiday span as off
// (weekend days included, which is harmless) and every worked weekend day
// (调休补班) as work, in the format of ParseCalendarTable. A new year is added
// here when its notice is published, usually in the November before.
const stateCouncilText = `# 国务院办公厅关于部分节假日安排的通知, 2020–2026.

# 国务院办公厅关于2020年部分节假日安排的通知
# 春节假期按国务院办公厅关于延长2020年春节假期的通知延至2月2日，原定2月1日（星期六）的补班随之取消。
year 2020
2020-01-01 off 元旦
2020-01-19 work 春节调休
2020-01-24 off 春节
2020-01-25 off 春节
2020-01-26 off 春节
2020-01-27 off 春节
2020-01-28 off 春节
2020-01-29 off 春节
2020-01-30 off 春节
2020-01-31 off 春节
2020-02-01 off 春节
2020-02-02 off 春节
2020-04-04 off 清明节
2020-04-05 off 清明节
2020-04-06 off 清明节
2020-04-26 work 劳动节调休
2020-05-01 off 劳动节
2020-05-02 off 劳动节
2020-05-03 off 劳动节
2020-05-04 off 劳动节
2020-05-05 off 劳动节
2020-05-09 work 劳动节调休
2020-06-25 off 端午节
2020-06-26 off 端午节
2020-06-27 off 端午节
2020-06-28 work 端午节调休
2020-09-27 work 国庆节、中秋节调休
2020-10-01 off 国庆节、中秋节
2020-10-02 off 国庆节、中秋节
2020-10-03 off 国庆节、中秋节
2020-10-04 off 国庆节、中秋节
2020-10-05 off 国庆节、中秋节
2020-10-06 off 国庆节、中秋节
2020-10-07 off 国庆节、中秋节
2020-10-08 off 国庆节、中秋节
2020-10-10 work 国庆节、中秋节调休

# 国务院办公厅关于2021年部分节假日安排的通知
year 2021
2021-01-01 off 元旦
2021-01-02 off 元旦
2021-01-03 off 元旦
2021-02-07 work 春节调休
2021-02-11 off 春节
2021-02-12 off 春节
2021-02-13 off 春节
2021-02-14 off 春节
2021-02-15 off 春节
2021-02-16 off 春节
2021-02-17 off 春节
2021-02-20 work 春节调休
2021-04-03 off 清明节
2021-04-04 off 清明节
2021-04-05 off 清明节
2021-04-25 work 劳动节调休
2021-05-01 off 劳动节
2021-05-02 off 劳动节
2021-05-03 off 劳动节
2021-05-04 off 劳动节
2021-05-05 off 劳动节
2021-05-08 work 劳动节调休
2021-06-12 off 端午节
2021-06-13 off 端午节
2021-06-14 off 端午节
2021-09-18 work 中秋节调休
2021-09-19 off 中秋节
2021-09-20 off 中秋节
2021-09-21 off 中秋节
2021-09-26 work 国庆节调休
2021-10-01 off 国庆节
2021-10-02 off 国庆节
2021-10-03 off 国庆节
2021-10-04 off 国庆节
2021-10-05 off 国庆节
2021-10-06 off 国庆节
2021-10-07 off 国庆节
2021-10-09 work 国庆节调休

# 国务院办公厅关于2022年部分节假日安排的通知
year 2022
2022-01-01 off 元旦
2022-01-02 off 元旦
2022-01-03 off 元旦
2022-01-29 work 春节调休
2022-01-30 work 春节调休
2022-01-31 off 春节
2022-02-01 off 春节
2022-02-02 off 春节
2022-02-03 off 春节
2022-02-04 off 春节
2022-02-05 off 春节
2022-02-06 off 春节
2022-04-02 work 清明节调休
2022-04-03 off 清明节
2022-04-04 off 清明节
2022-04-05 off 清明节
2022-04-24 work 劳动节调休
2022-04-30 off 劳动节
2022-05-01 off 劳动节
2022-05-02 off 劳动节
2022-05-03 off 劳动节
2022-05-04 off 劳动节
2022-05-07 work 劳动节调休
2022-06-03 off 端午节
2022-06-04 off 端午节
2022-06-05 off 端午节
2022-09-10 off 中秋节
2022-09-11 off 中秋节
2022-09-12 off 中秋节
2022-10-01 off 国庆节
2022-10-02 off 国庆节
2022-10-03 off 国庆节
2022-10-04 off 国庆节
2022-10-05 off 国庆节
2022-10-06 off 国庆节
2022-10-07 off 国庆节
2022-10-08 work 国庆节调休
2022-10-09 work 国庆节调休

# 国务院办公厅关于2023年部分节假日安排的通知
year 2023
2023-01-01 off 元旦
2023-01-02 off 元旦
2023-01-21 off 春节
2023-01-22 off 春节
2023-01-23 off 春节
2023-01-24 off 春节
2023-01-25 off 春节
2023-01-26 off 春节
2023-01-27 off 春节
2023-01-28 work 春节调休
2023-01-29 work 春节调休
2023-04-05 off 清明节
2023-04-23 work 劳动节调休
2023-04-29 off 劳动节
2023-04-30 off 劳动节
2023-05-01 off 劳动节
2023-05-02 off 劳动节
2023-05-03 off 劳动节
2023-05-06 work 劳动节调休
2023-06-22 off 端午节
2023-06-23 off 端午节
2023-06-24 off 端午节
2023-06-25 work 端午节调休
2023-09-29 off 中秋节、国庆节
2023-09-30 off 中秋节、国庆节
2023-10-01 off 中秋节、国庆节
2023-10-02 off 中秋节、国庆节
2023-10-03 off 中秋节、国庆节
2023-10-04 off 中秋节、国庆节
2023-10-05 off 中秋节、国庆节
2023-10-06 off 中秋节、国庆节
2023-10-07 work 中秋节、国庆节调休
2023-10-08 work 中秋节、国庆节调休

# 国务院办公厅关于2024年部分节假日安排的通知
year 2024
2024-01-01 off 元旦
2024-02-04 work 春节调休
2024-02-10 off 春节
2024-02-11 off 春节
2024-02-12 off 春节
2024-02-13 off 春节
2024-02-14 off 春节
2024-02-15 off 春节
2024-02-16 off 春节
2024-02-17 off 春节
2024-02-18 work 春节调休
2024-04-04 off 清明节
2024-04-05 off 清明节
2024-04-06 off 清明节
2024-04-07 work 清明节调休
2024-04-28 work 劳动节调休
2024-05-01 off 劳动节
2024-05-02 off 劳动节
2024-05-03 off 劳动节
2024-05-04 off 劳动节
2024-05-05 off 劳动节
2024-05-11 work 劳动节调休
2024-06-10 off 端午节
2024-09-14 work 中秋节调休
2024-09-15 off 中秋节
2024-09-16 off 中秋节
2024-09-17 off 中秋节
2024-09-29 work 国庆节调休
2024-10-01 off 国庆节
2024-10-02 off 国庆节
2024-10-03 off 国庆节
2024-10-04 off 国庆节
2024-10-05 off 国庆节
2024-10-06 off 国庆节
2024-10-07 off 国庆节
2024-10-12 work 国庆节调休

# 国务院办公厅关于2025年部分节假日安排的通知
year 2025
2025-01-01 off 元旦
2025-01-26 work 春节调休
2025-01-28 off 春节
2025-01-29 off 春节
2025-01-30 off 春节
2025-01-31 off 春节
2025-02-01 off 春节
2025-02-02 off 春节
2025-02-03 off 春节
2025-02-04 off 春节
2025-02-08 work 春节调休
2025-04-04 off 清明节
2025-04-05 off 清明节
2025-04-06 off 清明节
2025-04-27 work 劳动节调休
2025-05-01 off 劳动节
2025-05-02 off 劳动节
2025-05-03 off 劳动节
2025-05-04 off 劳动节
2025-05-05 off 劳动节
2025-05-31 off 端午节
2025-06-01 off 端午节
2025-06-02 off 端午节
2025-09-28 work 国庆节、中秋节调休
2025-10-01 off 国庆节、中秋节
2025-10-02 off 国庆节、中秋节
2025-10-03 off 国庆节、中秋节
2025-10-04 off 国庆节、中秋节
2025-10-05 off 国庆节、中秋节
2025-10-06 off 国庆节、中秋节
2025-10-07 off 国庆节、中秋节
2025-10-08 off 国庆节、中秋节
2025-10-11 work 国庆节、中秋节调休

# 国务院办公厅关于2026年部分节假日安排的通知
year 2026
2026-01-01 off 元旦
2026-01-02 off 元旦
2026-01-03 off 元旦
2026-01-04 work 元旦调休
2026-02-14 work 春节调休
2026-02-15 off 春节
2026-02-16 off 春节
2026-02-17 off 春节
2026-02-18 off 春节
2026-02-19 off 春节
2026-02-20 off 春节
2026-02-21 off 春节
2026-02-22 off 春节
2026-02-23 off 春节
2026-02-28 work 春节调休
2026-04-04 off 清明节
2026-04-05 off 清明节
2026-04-06 off 清明节
2026-05-01 off 劳动节
2026-05-02 off 劳动节
2026-05-03 off 劳动节
2026-05-04 off 劳动节
2026-05-05 off 劳动节
2026-05-09 work 劳动节调休
2026-06-19 off 端午节
2026-06-20 off 端午节
2026-06-21 off 端午节
2026-09-25 off 中秋节
2026-09-26 off 中秋节
2026-09-27 off 中秋节
2026-09-20 work 国庆节调休
2026-10-01 off 国庆节
2026-10-02 off 国庆节
2026-10-03 off 国庆节
2026-10-04 off 国庆节
2026-10-05 off 国庆节
2026-10-06 off 国庆节
2026-10-07 off 国庆节
2026-10-10 work 国庆节调休
`
