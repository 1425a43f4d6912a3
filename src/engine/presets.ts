/**
 * The three built-in rubrics (SPEC §2), with the source's numbers. Every place where the source
 * leaves room is listed in `notes` as a choice the office can change in its own copy.
 * Presets are frozen: edit a copy (structuredClone) and validate it with parseRubric.
 */
import { presetEscalateMessages, presetRuleMessages } from "../messages/engine";
import { DEFAULT_OUTPUT } from "./rubric-schema-defaults";
import type { Condition, EligibilityDef, FieldDef, Requirement, Rubric, RuleDef } from "./types";

const nameField: FieldDef = {
  id: "name",
  label: "党支部名称",
  labelEn: "Branch",
  aliases: [
    "党支部名称",
    "支部名称",
    "党支部",
    "单位名称",
    "名称",
    "支部",
    "党组织名称",
    "基层党组织名称",
    "党支部全称",
    // The plans rate 党(总)支部: the name column is headed as they name the units (SPEC §2.1).
    // Parentheses and spaces are normalised before matching (NFKC), so one spelling per form is enough.
    "党（总）支部名称",
    "党（总）支部",
    "党（总）支部全称",
    "支部（总支）名称",
    "支部（总支）",
    "党支部（总支）名称",
    "党支部（总支）",
    "党总支（支部）名称",
    "党总支（支部）",
    "党总支名称",
    "党总支",
    "总支名称",
    "单位",
    "党组织",
    "基层党组织",
  ],
  role: "name",
  required: true,
};

const groupField: FieldDef = {
  id: "group",
  label: "所属党委",
  labelEn: "Parent committee",
  aliases: ["所属党委", "所属单位", "上级党组织", "所属党组织", "上级党委", "所属总支", "所属党总支"],
  role: "group",
};

/** Optional columns every preset knows (SPEC §2.4). */
function commonOptionalFields(): FieldDef[] {
  return [
    {
      id: "veto",
      label: "一票否决",
      labelEn: "Veto",
      aliases: ["一票否决", "否决", "是否一票否决", "一票否决情形", "是否否决"],
      role: "check",
    },
    {
      id: "vetoReason",
      label: "否决事由",
      labelEn: "Veto reason",
      aliases: ["否决事由", "否决原因", "否决理由", "一票否决事由", "一票否决原因"],
      role: "text",
    },
    {
      id: "priorStars",
      label: "上年星级",
      labelEn: "Last year's stars",
      aliases: ["上年星级", "上年度星级", "去年星级", "上年评定星级", "上一年度星级", "上年度评定星级"],
      role: "stars",
    },
    {
      id: "declaredStars",
      label: "申报星级",
      labelEn: "Declared stars",
      aliases: ["申报星级", "自评星级", "申报等级", "支部自评星级", "自评等级"],
      role: "stars",
    },
    { id: "remark", label: "备注", labelEn: "Remarks", aliases: ["备注"], role: "text" },
  ];
}

/** 支部自评 (self-assessment): flagged when higher than the committee's result. */
const selfScoreField: FieldDef = {
  id: "selfScore",
  label: "自评分",
  labelEn: "Self score",
  aliases: ["自评分", "自评得分", "自评总分", "支部自评分", "自评分数"],
  role: "number",
  max: 100,
};

/**
 * A self score above the result is normal after a self-assessment: info, and a warning only when
 * the self score alone reaches a higher tier than the result (docs/schemes.md "Self score").
 */
const selfScoreRule: RuleDef = {
  code: "SELF_SCORE_HIGHER",
  kind: "check",
  severity: "info",
  label: "自评分核对",
  labelEn: "self score check",
  ...presetRuleMessages("SELF_SCORE_HIGHER"),
  when: { field: "selfScore", op: ">", value: { ref: "$total" } },
  escalate: {
    severity: "warning",
    when: { field: "selfScore", op: ">=", value: { ref: "$nextMin" } },
    ...presetEscalateMessages("SELF_SCORE_HIGHER"),
  },
};

const vetoRule: RuleDef = {
  code: "VETO",
  kind: "veto",
  severity: "error",
  label: "一票否决",
  labelEn: "veto",
  ...presetRuleMessages("VETO"),
  when: { field: "veto", op: "is", value: true },
  outcome: { kind: "none" },
};

/**
 * A declared star above the result. `lowest` as for tierJumpRule: in a scheme that starts at 三星级,
 * a declared 一星级 or 二星级 is no tier above 未评星 (it is 未评星), so with no star it is higher only
 * from `lowest` up. Only `$stars` is compared with a number (no threshold in the pane).
 */
function declaredRule(lowest = 1): RuleDef {
  const higher: Condition = { field: "declaredStars", op: ">", value: { ref: "$stars" } };
  const when: Condition =
    lowest <= 1
      ? higher
      : {
          any: [
            { all: [{ field: "$stars", op: ">=", value: lowest }, higher] },
            {
              all: [
                { field: "$stars", op: "<", value: lowest },
                { field: "declaredStars", op: ">", value: { ref: "$stars", add: lowest - 1 } },
              ],
            },
          ],
        };
  return {
    code: "DECLARED_STAR_HIGHER",
    kind: "check",
    severity: "warning",
    label: "申报星级核对",
    labelEn: "declared stars check",
    ...presetRuleMessages("DECLARED_STAR_HIGHER"),
    when,
  };
}

/**
 * 动态管理: more than one tier from last year. `lowest` is the scheme's lowest starred tier: below it
 * is one tier (未评星), so in a scheme that starts at 三星级, 三星级 ↔ 未评星 is one step. Up, a jump
 * must end above `lowest`; down, it ends at `lowest` or above, or falls more than `lowest` stars
 * (四星级 → 未评星). Only `$stars` is compared with a number, so the pane lists no threshold here
 * (docs/schemes.md "动态管理").
 */
function tierJumpRule(lowest = 1): RuleDef {
  const up: Condition = { field: "$stars", op: ">", value: { ref: "priorStars", add: 1 } };
  const down: Condition = { field: "$stars", op: "<", value: { ref: "priorStars", add: -1 } };
  const when: Condition =
    lowest <= 1
      ? { any: [up, down] }
      : {
          any: [
            { all: [up, { field: "$stars", op: ">", value: lowest }] },
            { all: [down, { field: "$stars", op: ">=", value: lowest }] },
            { field: "$stars", op: "<", value: { ref: "priorStars", add: -lowest } },
          ],
        };
  return {
    code: "TIER_JUMP",
    kind: "check",
    severity: "warning",
    label: "星级动态变化",
    labelEn: "change since last year",
    ...presetRuleMessages("TIER_JUMP"),
    when,
  };
}

/**
 * 篇1 only: 三星级以下党支部及其负责人当年不得评为各类先进; 市级先进个人从五星级支部推荐. The other
 * two plans state no eligibility rule, so their presets have none (docs/schemes.md "Eligibility").
 */
const serviceEligibility: EligibilityDef[] = [
  { minStars: 5, label: "可推荐市级以上先进", labelEn: "May be recommended for city-level honours" },
  { minStars: 4, label: "可评先进", labelEn: "Eligible for honours" },
  {
    minStars: 0,
    label: "支部及负责人当年不得评先",
    labelEn: "Branch and its secretary not eligible for honours this year",
  },
];

const eligibilityNote =
  "（选择）评先资格：五星级可推荐市级以上先进，四星级可评先进，三星级及以下支部及负责人当年不得评先（“三星级以下”按含三星级理解，可调整 eligibility）。";

const noEligibilityNote =
  "（选择）原方案未规定评先资格，不写评先资格列；如需要，可在本单位的评分方案中加入 eligibility。";

const commonNotes = [
  "（选择）一票否决：否决列为“是”时评为无星（outcome none）；也可改为封顶（outcome cap）。",
  "（选择）动态管理：有上年星级列时，与上年相差超过一级（TIER_JUMP）提示，不改变结果。",
  "（选择）门槛条件所需的单元格为空或无效时视为未达到（封顶并注明未填）；否决和提示规则遇空单元格不触发。",
  "（选择）表中没有某条件所需的列时该条规则不执行，并在表级提示中说明“未检查”。",
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** 篇1 三.1 晋位升级: 先进 / 一般 / 后进, as a cell may write them (“先进党支部”). */
const CLASSES = {
  advanced: ["先进", "先进党支部", "先进支部"],
  ordinary: ["一般", "一般党支部", "一般支部"],
  lagging: ["后进", "后进党支部", "后进支部"],
};

function serviceCriterion(id: string, label: string, labelEn: string): FieldDef {
  return {
    id,
    label,
    labelEn,
    aliases: [label, `${label}星`, `星级${label}`, `${label}建设`, `${label}（20分）`],
    role: "criterion",
    max: 20,
    required: true,
  };
}

const serviceOrg: Rubric = {
  id: "service-org",
  name: "五星级服务型党组织（百分制）",
  nameEn: "Five-star service-oriented Party organisation (100 points)",
  version: "1.1.1",
  source:
    "争创五星级党支部工作方案（星级服务型党组织）：服务体系、服务队伍、服务机制、服务保障、服务业绩各20分，95分以上五星级，90–94分四星级，80–89分三星级，70–79分二星级，60–69分一星级，60分以下无星；群众满意率达到95%以上；三星级以下当年不得评为各类先进。",
  notes: [
    "（选择）原文在“星级服务业绩”一项（20分）中要求群众满意率达到95%以上，未说明达不到时如何处理；此处定为不得评为五星级（封顶四星级）；表中无满意率列则不封顶，并提示未检查。有满意率列但未填时，任何星级都提示“未填”（95分及以上同时封顶），与低于95%一样。",
    "（选择）表中各项分数视为机关党委评定分；原文“综合”评定未给权重，如需按自评/测评/评定加权，可改用 score.method “weighted” 并设置 weight。",
    "（选择）总分保留2位小数，四舍五入后再定档；分数段下限含本数（94.5分为四星级）。",
    "（选择）晋位升级等次：先进对应五/四/三星级，一般对应二/一星级，后进对应无星；不一致只提示，不改变结果。等次只能填先进、一般、后进（或先进党支部、先进支部等），其他值（如“优秀”）提示无效并列出可填的值，不作比较（values）。",
    "（选择）政务服务“零差错”：有“零差错”列时填“否”即不得评为五星级（封顶四星级）；“差错”列填“有/是”表示有差错，同样封顶。“零差错”列填“有/无”含义不明，按无效处理。无此列则不检查。",
    "（选择）申报星级高于评定结果时警告（DECLARED_STAR_HIGHER）；自评分高于评定总分时提示，只有按自评分可评更高星级时才警告（SELF_SCORE_HIGHER）。",
    "（选择）差1分以内可升档时提示（nearNext = 1）。",
    eligibilityNote,
    ...commonNotes,
  ],
  fields: [
    nameField,
    groupField,
    serviceCriterion("system", "服务体系", "Service system"),
    serviceCriterion("team", "服务队伍", "Service team"),
    serviceCriterion("mechanism", "服务机制", "Service mechanism"),
    serviceCriterion("support", "服务保障", "Service support"),
    serviceCriterion("performance", "服务业绩", "Service performance"),
    {
      id: "satisfaction",
      label: "群众满意率",
      labelEn: "Satisfaction",
      aliases: [
        "群众满意率",
        "满意率",
        "群众满意度",
        "满意度",
        "党员群众满意率",
        "群众测评满意率",
        "测评满意率",
      ],
      role: "percent",
    },
    {
      id: "zeroErrors",
      label: "政务服务零差错",
      labelEn: "Zero errors in government services",
      aliases: ["政务服务零差错", "零差错", "是否零差错", "服务零差错"],
      role: "check",
      haveWords: "unclear",
    },
    {
      id: "errors",
      label: "政务服务差错",
      labelEn: "Errors in government services",
      aliases: ["差错", "政务服务差错", "有无差错", "是否有差错", "服务差错"],
      role: "check",
      haveWords: "fault",
    },
    selfScoreField,
    {
      id: "classification",
      label: "晋位升级等次",
      labelEn: "Classification",
      aliases: ["等次", "晋位升级等次", "晋位升级", "晋位升级类别", "分类定级"],
      role: "category",
      // 篇1 三.1's three, and the forms CLASS_MISMATCH reads; anything else (优秀) is refused on its row.
      values: [0, 1, 2].flatMap((i) => [CLASSES.advanced[i]!, CLASSES.ordinary[i]!, CLASSES.lagging[i]!]),
    },
    ...commonOptionalFields(),
  ],
  score: { method: "sum", decimals: 2 },
  tiers: {
    kind: "bands",
    bands: [
      { stars: 5, label: "五星级", labelEn: "5 stars", min: 95 },
      { stars: 4, label: "四星级", labelEn: "4 stars", min: 90 },
      { stars: 3, label: "三星级", labelEn: "3 stars", min: 80 },
      { stars: 2, label: "二星级", labelEn: "2 stars", min: 70 },
      { stars: 1, label: "一星级", labelEn: "1 star", min: 60 },
    ],
    below: { label: "无星", labelEn: "No star" },
  },
  rules: [
    {
      code: "SATISFACTION_LOW",
      kind: "gate",
      severity: "warning",
      label: "群众满意率",
      labelEn: "satisfaction",
      ...presetRuleMessages("SATISFACTION_LOW"),
      alwaysFlag: true,
      minStars: 5,
      capTo: 4,
      when: { field: "satisfaction", op: ">=", value: 0.95 },
    },
    vetoRule,
    selfScoreRule,
    declaredRule(),
    {
      code: "CLASS_MISMATCH",
      kind: "check",
      severity: "warning",
      label: "晋位升级等次核对",
      labelEn: "classification check",
      ...presetRuleMessages("CLASS_MISMATCH"),
      when: {
        any: [
          {
            all: [
              { field: "classification", op: "in", value: CLASSES.advanced },
              { field: "$stars", op: "<", value: 3 },
            ],
          },
          {
            all: [
              { field: "classification", op: "in", value: CLASSES.ordinary },
              { not: { field: "$stars", op: "in", value: [1, 2] } },
            ],
          },
          {
            all: [
              { field: "classification", op: "in", value: CLASSES.lagging },
              { field: "$stars", op: ">=", value: 1 },
            ],
          },
        ],
      },
    },
    tierJumpRule(),
    {
      // 篇1 服务业绩: 政务服务实现“零差错”. Either column, when present (docs/schemes.md "零差错").
      code: "ZERO_ERRORS_UNMET",
      kind: "gate",
      severity: "warning",
      label: "政务服务零差错",
      labelEn: "zero errors",
      ...presetRuleMessages("ZERO_ERRORS_UNMET"),
      alwaysFlag: true,
      minStars: 5,
      capTo: 4,
      when: {
        label: "政务服务零差错",
        labelEn: "zero errors",
        all: [
          { field: "zeroErrors", op: "is", value: true },
          { field: "errors", op: "is", value: false },
        ],
        absentParts: "skip",
      },
    },
  ],
  eligibility: serviceEligibility,
  nearNext: 1,
  notRatedLabel: "未评定",
  output: { ...DEFAULT_OUTPUT },
};

const STANDARDS: [string, string][] = [
  ["参会及任务完成", "Meetings and tasks"],
  ["班子健全团结", "Sound, united committee"],
  ["学习型组织创建", "Learning organisation"],
  ["三年无违法违纪", "No violations in three years"],
  ["创先争优", "Striving for excellence"],
  ["无违规通报", "No reprimands"],
  ["文体活动", "Cultural and sports activities"],
  ["三年无工作失误", "No work errors in three years"],
  ["民主评议", "Democratic appraisal"],
  ["制度档案规范", "Orderly rules and records"],
  ["计划落实", "Plans carried out"],
  ["工作创新", "Innovation"],
  ["考核排名第一", "Ranked first"],
];

const CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"];

/** Standards phrased as absences (4, 6, 8): 无 means met, 有 not met (docs/schemes.md "有 and 无"). */
const ABSENCE_STANDARDS = new Set([4, 6, 8]);
/** Standard 13 (考核排名第一) is true of one branch per group at most. */
const RANKED_FIRST = 13;

function standardFields(): FieldDef[] {
  const out: FieldDef[] = [];
  STANDARDS.forEach(([zh, en], i) => {
    const n = i + 1;
    out.push({
      id: `std${n}`,
      label: `标准${n} ${zh}`,
      labelEn: `Standard ${n}: ${en}`,
      aliases: [`标准${n}`, `标准${CN_NUM[i]}`, `第${n}项`, zh, `${n}.${zh}`, `${n}、${zh}`],
      role: "check",
      ...(ABSENCE_STANDARDS.has(n) ? { haveWords: "absence" as const } : {}),
      ...(n === RANKED_FIRST ? { onePerGroup: true } : {}),
      // 文体活动 headed over the number of activities: read as that number (≥ 2), never 1 as 是.
      ...(n === 7 ? { countsAs: "std7Count" } : {}),
    });
    if (n === 1) {
      out.push({
        id: "std1Rate",
        label: "参会率",
        labelEn: "Meeting attendance",
        aliases: ["参会率", "会议参加率", "参会参加率", "会议活动参加率", "标准1参会率"],
        role: "percent",
      });
    }
    if (n === 7) {
      out.push({
        id: "std7Count",
        label: "文体活动次数",
        labelEn: "Cultural and sports activities (count)",
        aliases: ["文体活动次数", "文体活动(次)", "文体活动开展次数", "开展文体活动次数", "标准7次数"],
        role: "check",
        minCount: 2,
      });
    }
    if (n === 9) {
      out.push(
        {
          id: "std9Participation",
          label: "民主评议参加率",
          labelEn: "Democratic appraisal participation",
          aliases: ["民主评议参加率", "评议参加率", "参评率", "民主评议参评率"],
          role: "percent",
        },
        {
          id: "std9Pass",
          label: "民主评议合格率",
          labelEn: "Democratic appraisal pass rate",
          aliases: ["民主评议合格率", "评议合格率", "党员合格率"],
          role: "percent",
        },
      );
    }
  });
  return out;
}

/**
 * What the number columns of standards 1, 7 and 9 do not test, in 篇2's words: a sheet that gives a
 * standard only as numbers has the rest unchecked, and the run says so (docs/schemes.md
 * "Requirements no column reads"). The 是/否 column of a standard answers for all of it.
 */
const NUMBERS_LEAVE_OUT: Record<number, Requirement[]> = {
  1: [
    { label: "无迟到早退现象", labelEn: "no late arrival or early leaving" },
    {
      label: "出色完成上级党组织下达的各项重点工作任务",
      labelEn: "key tasks set by the higher Party organisation done with distinction",
    },
    {
      label: "按时保质完成上级党组织交办的其它工作任务",
      labelEn: "other tasks it assigns done on time and to standard",
    },
  ],
  7: [
    { label: "有创意", labelEn: "creative" },
    {
      label: "结合实际设计活动载体，采取多种形式",
      labelEn: "activities designed for the branch, in varied forms",
    },
    {
      label: "载体科学，开展有序，记录详细，效果明显",
      labelEn: "sound formats, orderly conduct, detailed records, clear results",
    },
  ],
  9: [
    {
      label: "每个党员都能认真开展批评与自我批评",
      labelEn: "every member earnestly practises criticism and self-criticism",
    },
    { label: "能结合实际提出存在问题", labelEn: "names the problems that exist" },
    { label: "正确认识问题和明确今后改进目标", labelEn: "understands them and sets goals for improvement" },
  ],
};

/**
 * A standard's condition. 1, 7 and 9 may be given as yes/no, as numbers, or both: every column the
 * sheet has must hold (否 + 3次 is not met), absent ones are skipped (docs/schemes.md "star-branch").
 */
function standardCondition(n: number, zh: string, en: string): Condition {
  const label = `${n}.${zh}`;
  const labelEn = `${n}. ${en}`;
  const yes: Condition = { field: `std${n}`, op: "is", value: true };
  const numbers: Record<number, Condition> = {
    1: { field: "std1Rate", op: ">=", value: 1 },
    7: { field: "std7Count", op: "is", value: true },
    9: {
      all: [
        { field: "std9Participation", op: ">=", value: 1 },
        { field: "std9Pass", op: ">=", value: 1 },
      ],
    },
  };
  const number = numbers[n];
  if (number) {
    const leavesOut = NUMBERS_LEAVE_OUT[n];
    return {
      label,
      labelEn,
      all: [yes, { ...number, ...(leavesOut ? { leavesOut } : {}) }],
      absentParts: "skip",
    };
  }
  return { ...yes, label, labelEn };
}

const starBranch: Rubric = {
  id: "star-branch",
  name: "星级党支部（三星起创）",
  nameEn: "Star-rated Party branch (from three stars)",
  version: "1.1.2",
  source:
    "争创五星级党支部工作方案（三星起创）：考核分数75–85分为三星级，85–95分为四星级，95分以上为五星级；五星级须达到《五星级党支部评定标准》全部13条（含当年团体文体活动至少两次且有创意、民主评议参加率和合格率均达100%）。",
  notes: [
    "（选择）原文分数段在85、95处重叠；按下限含本数处理：85分为四星级，95分为五星级，75分以下为未评星。",
    "（选择）13条五星级标准任一未达到（或未填）则封顶四星级，并列出未达标的条目；表中没有任何标准列时不封顶，并提示未检查；只有部分标准列时检查已有的，并提示其余未检查。",
    "（选择）标准1可填是/否，也可填“参会率”（100%为达标）；标准7可填是/否（有创意），也可在“文体活动次数”列填次数（≥2为达标，minCount 可调；可写2、2次、两次、二次，填是/否等不是次数，按无效处理）；标准9可填是/否，也可填民主评议参加率和合格率两列（均为100%为达标）。是/否列和数字列都有时，每一列都须达到（如“否”加3次为未达到）。",
    "（选择）标准1、7、9只填数字列（参会率、文体活动次数、民主评议参加率和合格率）时，数字说明不了的要求（如无迟到早退、有创意、批评与自我批评）不检查，也不因此封顶；评定核查中一次列出这些要求，请另行核实（leavesOut）。有该标准的是/否列时，视为整条标准已核实。",
    "（选择）标准4、6、8是“无……”的表述：填“无”读作达到，填“有”读作未达到，评定说明写明如何理解；填是/否按字面。",
    "（选择）标准13（考核排名第一）同一所属党委（无所属党委列时为全表）只能有一个支部；多个支部都填“是”时逐一提示核实（ONE_PER_GROUP_REPEATED），不改变结果。",
    "（选择）总分取“考核分数/总分”列，保留2位小数四舍五入后定档；差1分以内可升档时提示。",
    "（选择）有自评分列时，自评分高于考核分数则提示（SELF_SCORE_HIGHER），按自评分可评更高星级时为警告，不改变结果。",
    "（选择）动态管理按本方案的星级档次计算：未评星、三星级、四星级、五星级依次相差一级（三星级与未评星之间为一级），相差超过一级时提示（TIER_JUMP）。申报星级核对同样按档次：申报一星级、二星级视同未评星，不算高于未评星（DECLARED_STAR_HIGHER）。",
    noEligibilityNote,
    ...commonNotes,
  ],
  fields: [
    nameField,
    groupField,
    {
      id: "score",
      label: "考核分数",
      labelEn: "Score",
      aliases: ["考核分数", "考核得分", "总分", "得分", "综合得分", "考核总分", "综合评分", "总得分"],
      role: "total",
      max: 100,
      required: true,
    },
    ...standardFields(),
    selfScoreField,
    ...commonOptionalFields(),
  ],
  score: { method: "column", field: "score", decimals: 2 },
  tiers: {
    kind: "bands",
    bands: [
      { stars: 5, label: "五星级", labelEn: "5 stars", min: 95 },
      { stars: 4, label: "四星级", labelEn: "4 stars", min: 85 },
      { stars: 3, label: "三星级", labelEn: "3 stars", min: 75 },
    ],
    below: { label: "未评星", labelEn: "Not starred" },
  },
  rules: [
    {
      code: "FIVE_STAR_STANDARD_UNMET",
      kind: "gate",
      severity: "warning",
      label: "五星级标准",
      labelEn: "five-star standards",
      ...presetRuleMessages("FIVE_STAR_STANDARD_UNMET"),
      minStars: 5,
      capTo: 4,
      when: { all: STANDARDS.map(([zh, en], i) => standardCondition(i + 1, zh, en)) },
    },
    vetoRule,
    selfScoreRule,
    declaredRule(3),
    // 篇2 starts at 三星级: 未评星 is the one tier below it.
    tierJumpRule(3),
  ],
  eligibility: [],
  nearNext: 1,
  notRatedLabel: "未评定",
  output: { ...DEFAULT_OUTPUT },
};

function starField(id: string, label: string, labelEn: string, extra: string[] = []): FieldDef {
  const base = label.replace(/星$/, "");
  return {
    id,
    label,
    labelEn,
    aliases: [label, base, `${base}(20分)`, ...extra],
    role: "criterion",
    max: 20,
    pass: 16,
    required: true,
  };
}

const modelOrgan: Rubric = {
  id: "model-organ",
  name: "五星党支部（逐星评定，模范机关创建）",
  nameEn: "Five-star Party branch (star by star, model organ)",
  version: "1.1.1",
  source:
    "争创五星级党支部工作方案（模范机关创建）：按理论学习星、制度落实星、党建活动星、党员队伍星（先锋星）、自身建设星的创建要求开展创建，机关党委依据工作台账评比打分，报市直工委验收；原文未规定星数与星级的对应，本方案按获星数定星级（见说明）。",
  notes: [
    "（选择）每颗星一列，可填是/否，或填20分制得分，16分及以上得星（pass = 16，原文未给分数线，可调整）。",
    "（选择）一列中若有大于1的分数，该列的1和0按分数读；否则1/0按是/否读（1 = 得星）。",
    "（选择）每颗星都填分数时，评定总分为五项分数之和（满分100），用于同星数内排名；有任一颗星填是/否时评定总分为空，不参与排名和平均。",
    "（选择）某颗星的单元格为空时不评定该支部（列出缺少的单元格）。",
    "（选择）原文只列出五颗星的创建要求，未规定得几颗星评为几星级；此处按获星数定星级（得五颗星为五星，一颗未得为未获星），各星分别评定，不分先后。",
    noEligibilityNote,
    ...commonNotes,
  ],
  fields: [
    nameField,
    groupField,
    starField("theory", "理论学习星", "Theory study"),
    starField("institution", "制度落实星", "Rules carried out"),
    starField("activity", "党建活动星", "Party activities"),
    starField("vanguard", "党员先锋星", "Vanguard members", ["党员队伍星", "党员队伍"]),
    starField("selfBuilding", "自身建设星", "Self-building"),
    ...commonOptionalFields(),
  ],
  score: { method: "count", decimals: 2 },
  tiers: {
    kind: "count",
    labels: ["未获星", "一星", "二星", "三星", "四星", "五星"],
    labelsEn: ["No star", "1 star", "2 stars", "3 stars", "4 stars", "5 stars"],
  },
  rules: [vetoRule, declaredRule(), tierJumpRule()],
  eligibility: [],
  nearNext: 1,
  notRatedLabel: "未评定",
  output: { ...DEFAULT_OUTPUT },
};

/** The built-in rubrics, read-only. */
export const presets: readonly Rubric[] = deepFreeze([serviceOrg, starBranch, modelOrgan]);

export function getPreset(id: string): Rubric | undefined {
  return presets.find((p) => p.id === id);
}
