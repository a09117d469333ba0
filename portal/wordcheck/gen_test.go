package wordcheck_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// govWords is the word pool of the generated page text: the vocabulary of
// a district government's news, notices and work reports.
var govWords = strings.Fields(`
	深入 贯彻 落实 党的二十大 精神 全面 推进 政务服务 标准化 规范化 便利化 一网通办 数字政府 建设
	优化 营商环境 人民群众 企业 办事 满意度 持续 提升 基层 治理 能力 现代化 乡村振兴 战略 实施
	会议 强调 要 坚持 以人民为中心 发展思想 统筹 疫情防控 经济社会 高质量 发展 安全 稳定 工作
	区委 区政府 高度重视 召开 专题 部署 各部门 各街道 乡镇 要 切实 履行 职责 加强 组织 领导
	压实 责任 确保 各项 任务 按时 完成 政务公开 信息 发布 网站 栏目 更新 及时 准确 权威
	群众 反映 问题 热线 12345 工单 办理 回访 答复 时限 督办 考核 通报 整改 落实 情况
	电子政务 外网 网络安全 等级保护 应急 预案 演练 数据 共享 交换 平台 目录 资源 开放
	项目 资金 审批 投资 产业 园区 招商引资 就业 民生 教育 医疗 养老 住房 交通 生态 环境
	推动 形成 机制 制度 体系 创新 改革 深化 放管服 简政放权 事中事后 监管 服务 质量 效率
	根据 按照 通知 要求 结合 实际 制定 方案 印发 执行 开展 检查 评估 总结 经验 做法 成效
	截至 目前 全年 累计 同比 增长 百分点 万元 亿元 户 件 次 个 第一 季度 上半年 年底 前
	广大 干部 职工 党员 同志 带头 示范 作用 发挥 积极性 主动性 创造性 凝聚 合力 攻坚 克难
	柳州市 柳北区 政务服务中心 大数据 发展局 市场监督管理局 自然资源局 生态环境局 卫生健康局
	农业农村局 文化广电体育旅游局 人力资源和社会保障局 住房和城乡建设局 交通运输局 应急管理局
`)

// commonHanzi adds characters outside the pool, so that generated
// dictionary words are mostly absent from the text, as real ones are.
const commonHanzi = `的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知` +
	`长现理回意高实并两外新正向变关点本明性头业去很情员期由何已问力全己民重新特样走手利报权思社结组先位百些加路党号制教入度命金区口合内治安` +
	`委任边北被流受决较识商务写件市门书图南且步片际造强求京干达证林温线共据离格省石积花青形收即则构往消半规传更记示队根况西周接万支界白维`

// textGen writes deterministic pages of government prose from govWords,
// planting given words at a known rate.
type textGen struct {
	rnd   *rand.Rand
	plant []string
	// plantEvery is how many sentences, on average, come between two
	// planted words (0: none).
	plantEvery int
}

func newTextGen(seed uint64, plant []string, plantEvery int) *textGen {
	return &textGen{rnd: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), plant: plant, plantEvery: plantEvery}
}

// sentence appends one sentence: 6 to 17 words, a comma every few words.
func (g *textGen) sentence(b *strings.Builder) {
	n := 6 + g.rnd.IntN(12)
	for i := range n {
		if i > 0 && g.rnd.IntN(4) == 0 {
			b.WriteString("，")
		}
		b.WriteString(govWords[g.rnd.IntN(len(govWords))])
		if g.plantEvery > 0 && len(g.plant) > 0 && g.rnd.IntN(g.plantEvery*n) == 0 {
			b.WriteString(g.plant[g.rnd.IntN(len(g.plant))])
		}
	}
	b.WriteString("。")
}

// page returns a page's text of about size bytes: paragraphs of 2 to 6
// sentences, one a line.
func (g *textGen) page(size int) string {
	var b strings.Builder
	b.Grow(size + 256)
	for b.Len() < size {
		for range 2 + g.rnd.IntN(5) {
			g.sentence(&b)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// pages returns pages of about pageSize bytes each, total bytes in all.
func (g *textGen) pages(total, pageSize int) []string {
	var out []string
	for n := 0; n < total; {
		p := g.page(pageSize)
		out = append(out, p)
		n += len(p)
	}
	return out
}

// genDictionary returns n distinct words of 2 to 6 characters drawn from
// the characters of the text and commonHanzi: a few of the two-character
// ones happen to occur in the text, most longer ones never do, as in a
// real dictionary of wrong words.
func genDictionary(seed uint64, n int) []string {
	rnd := rand.New(rand.NewPCG(seed, 7))
	var chars []rune
	seen := map[rune]bool{}
	for _, r := range strings.Join(govWords, "") + commonHanzi {
		if r >= utf8.RuneSelf && !seen[r] {
			seen[r] = true
			chars = append(chars, r)
		}
	}
	words := make([]string, 0, n)
	have := map[string]bool{}
	for len(words) < n {
		k := 2 + rnd.IntN(5)
		var b strings.Builder
		for range k {
			b.WriteRune(chars[rnd.IntN(len(chars))])
		}
		if w := b.String(); !have[w] {
			have[w] = true
			words = append(words, w)
		}
	}
	slices.Sort(words) // the order a file would have: the automaton must not care
	return words
}
