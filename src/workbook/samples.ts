/**
 * Deterministic sample rows for the 新建评分表 command and the bundled examples/. They read like a
 * real office's sheet (机关党委, 第一党支部 …) and exercise the rules of each preset: every tier, the
 * boundaries, a veto with its reason, low satisfaction, a missing score, "18分", full-width digits,
 * a duplicate name, last year's stars, unmet checklist items, yes/no mixed with scores.
 */
import type { Rubric } from "../engine/types";
import type { WriteValue } from "./model";

export interface SampleSet {
  /** Title row text. */
  title: string;
  /** Second title row (填报单位 …), or null. */
  subtitle: string | null;
  /** Field ids, left to right (after 序号). */
  fields: string[];
  /** One object per branch: field id → cell value as a user would type it. */
  rows: Record<string, WriteValue>[];
}

const G1 = "机关党委";
const G2 = "直属单位党委";
const G3 = "离退休干部党委";

type ServiceRow = [
  name: string,
  group: string,
  system: WriteValue,
  team: WriteValue,
  mechanism: WriteValue,
  support: WriteValue,
  performance: WriteValue,
  satisfaction: WriteValue,
  selfScore: WriteValue,
  declared: WriteValue,
  classification: WriteValue,
  veto: WriteValue,
  vetoReason: WriteValue,
  prior: WriteValue,
  remark: WriteValue,
];

// Totals in the comments are what the engine must find (and the tests check).
// prettier-ignore
const SERVICE_ROWS: ServiceRow[] = [
  ["办公室党支部", G1, 19, 19.5, 19, 20, 19, 0.98, 96, "五星级", "先进", "否", null, "五星级", null], // 96.5 五星级
  ["组织人事处党支部", G1, 20, 19, 19, 18.5, 19, "96%", 95, "五星级", "先进", "否", null, 4, null], // 95.5 五星级, up
  ["政策法规处党支部", G1, 19, 19, 20, 19, 19.5, "93%", 96, "五星级", "先进", "否", null, "四星级", "满意率测评样本偏少"], // 96.5 → 四星级 (satisfaction)
  ["财务处党支部", G1, "18分", 18, 19, 18, 18, 0.95, 90, "四星级", "先进", "否", null, 4, null], // 91 四星级
  ["综合业务处党支部", G1, "１８．５", 18, 18, 17.5, 18.5, 97, 92, "四星级", "先进", "否", null, "★★★", null], // 90.5 四星级, self higher
  ["信息中心党支部", G2, 17, 16, 17, 16, 16, 0.96, 82, "三星级", "先进", "否", null, 3, null], // 82 三星级
  ["机关服务中心党支部", G2, 16, 15, 15, 16, 16, 0.96, 78, "二星级", "一般", "否", null, "四星级", null], // 78 二星级, jump
  ["档案馆党支部", G2, 14, 13, 13, 12, 13, 0.9, 65, "一星级", "一般", "否", null, 1, null], // 65 一星级, low satisfaction
  ["研究室党支部", G2, 12, 11, 10, 12, 11, "88%", 55, "无星", "后进", "否", null, "一星级", "支部书记年中调整"], // 56 无星
  ["离退休第一党支部", G3, 19, 18, null, 19, 18, 0.97, 94, "四星级", "先进", "否", null, 4, "服务机制待复核"], // missing → 未评定
  ["离退休第二党支部", G3, 19, 19, 19, 19, 19, 0.96, 95, "五星级", "先进", "是", "党员违纪受到党内严重警告处分", "五星级", null], // veto → 无星
  ["离退休第三党支部", G3, 18.5, 18, 18, 18.5, 16, 0.96, 89, "三星级", "先进", "否", null, 3, null], // 89 三星级, near 四星级
  ["离退休第四党支部", G3, 17, 17, 18, 17, 18, 0.95, 87, "三星级", "先进", "否", null, "三星", null], // 87 三星级
  ["监察室党支部", G1, 17, 17, 16, 17, 17, 0.97, 84, "三星级", "一般", "否", null, 2, null], // 84 三星级, class mismatch
  ["宣传处党支部", G1, 19.5, 19.5, 19, 19, 19, 0.99, 96, "五星级", "先进", "否", null, 5, null], // 96 五星级
  ["宣传处党支部", G2, 15, 16, 15, 15, 15, 0.95, 76, "二星级", "一般", "否", null, 2, "与机关宣传处支部同名"], // 76 二星级, duplicate name
  ["机关后勤党支部", G2, 18, 18, 18, 18, 18, 0.95, 90, "四星级", "先进", "否", null, 4, null], // 90 四星级 (boundary)
  ["培训中心党支部", G2, 16, 16, 16, 16, 15.99, 0.96, 79, "二星级", "一般", "否", null, 2, null], // 79.99 二星级, near 三星级
  ["离退休第五党支部", G3, 12, 12, 12, 12, 12, 0.95, 60, "一星级", "一般", "否", null, 1, null], // 60 一星级 (boundary)
  ["离退休第六党支部", G3, 11.99, 12, 12, 12, 12, 0.91, 59, "无星", "后进", "否", null, "无星", null], // 59.99 无星
  ["人才服务中心党支部", G2, 19, 19, 19, 19, 18.99, 0.98, 94, "四星级", "先进", "否", null, 4, null], // 94.99 四星级, near 五星级
  ["督查室党支部", G1, 18, 17.5, 18, 17.5, 18, 0.96, 89, "三星级", "先进", "否", null, 3, null], // 89 三星级
  ["机要室党支部", G1, 19, 19, 19, 18, 19, 0.97, 94, "四星级", "先进", "否", null, "四星级", null], // 94 四星级
  ["后勤保障第一党支部", G2, 17, 18, 18, 17, 17, 0.96, 87, "三星级", "先进", "否", null, 3, null], // 87 三星级
  ["离退休第七党支部", G3, 15, 14, 14, 15, 14, 0.96, 72, "二星级", "一般", "否", null, 2, null], // 72 二星级
  ["法治宣传中心党支部", G2, 18, 19, "良好", 18, 19, 0.97, 92, "四星级", "先进", "否", null, 4, "服务机制填了等级，应填分数"], // invalid → 未评定
  ["计划财务科党支部", G2, 19, 18, 18, 19, 25, 0.96, 95, "四星级", "先进", "否", null, 4, null], // 25 > 20 → 未评定
  ["离退休第八党支部", G3, 16, 17, 16, 17, 16, 0.95, 82, "三星级", "先进", "否", null, 3, null], // 82 三星级
  ["科技处党支部", G1, 20, 20, 20, 20, 20, 1, 100, "五星级", "先进", "否", null, 5, null], // 100 五星级
  ["老干部活动中心党支部", G3, 14, 14, 15, 14, 14, 0.95, 71, "二星级", "一般", "否", null, null, "本年新成立"], // 71 二星级
];

const SERVICE_FIELDS = [
  "name",
  "group",
  "system",
  "team",
  "mechanism",
  "support",
  "performance",
  "satisfaction",
  "selfScore",
  "declaredStars",
  "classification",
  "veto",
  "vetoReason",
  "priorStars",
  "remark",
];

function serviceOrgSample(): SampleSet {
  return {
    title: "2026年度星级服务型党组织评定表",
    subtitle: "填报单位：机关党委组织部　　　　评定时间：2026年12月",
    fields: SERVICE_FIELDS,
    rows: SERVICE_ROWS.map((r) => Object.fromEntries(SERVICE_FIELDS.map((id, i) => [id, r[i] ?? null]))),
  };
}

const STD_IDS = ["std1", "std2", "std3", "std4", "std5", "std6", "std8", "std10", "std11", "std12", "std13"];

type StarBranchRow = [
  name: string,
  group: string,
  score: WriteValue,
  /** std1..6, 8, 10..13 as one string: 1 = 是, 0 = 否, v = √, x = ×, - = blank. */
  checks: string,
  activities: WriteValue,
  participation: WriteValue,
  pass: WriteValue,
  veto: WriteValue,
  vetoReason: WriteValue,
  prior: WriteValue,
  remark: WriteValue,
];

const S1 = "教育系统党委";
const S2 = "卫健系统党委";

// prettier-ignore
const STAR_BRANCH_ROWS: StarBranchRow[] = [
  ["第一党支部", G1, 96.5, "11111111111", 4, 1, 1, "否", null, "四星级", null], // 五星级
  ["第二党支部", G1, 95, "11101111111", 3, 1, 1, "否", null, "五星级", "标准4：一名党员受诫勉"], // unmet 4 → 四星级
  ["第三党支部", G1, 97, "11111111111", 1, 1, 1, "否", null, 4, "文体活动仅开展1次"], // unmet 7 → 四星级
  ["第四党支部", G1, 95.5, "11111111111", 2, "98%", 1, "否", null, 4, null], // unmet 9 → 四星级
  ["第五党支部", S1, 92, "11111111110", 2, 1, 1, "否", null, 4, null], // 四星级
  ["第六党支部", S1, 85, "11111011110", 2, 1, 0.97, "否", null, 3, null], // 四星级 (boundary)
  ["第七党支部", S1, 84.99, "11111111110", 3, 1, 1, "否", null, 3, null], // 三星级, near 四星级
  ["第八党支部", S1, 78, "11011111100", 2, 0.95, 0.96, "否", null, 3, null], // 三星级
  ["第九党支部", S2, 75, "11111111100", 2, 1, 1, "否", null, "三星级", null], // 三星级 (boundary)
  ["第十党支部", S2, 70, "10111011100", 1, 0.9, 0.95, "否", null, "三星级", "整改中"], // 未评星
  ["第十一党支部", S2, 98, "11111111111", 5, 1, 1, "是", "发生重大安全责任事故", 5, null], // veto → 未评星
  ["第十二党支部", S2, "96分", "vvvvvvvvvvv", "3", "100%", "100%", "否", null, 5, null], // 五星级
  ["第十三党支部", S2, null, "11111111111", 2, 1, 1, "否", null, 4, "考核分数待汇总"], // missing → 未评定
  ["第十四党支部", G1, 88.5, "1111x111111", 2, 1, 1, "否", null, 4, null], // 四星级
  ["第十五党支部", G1, 99, "11111111110", 6, 1, 1, "否", null, "五星级", "全市考核排名第二"], // unmet 13 → 四星级
  ["第十六党支部", S1, 90, "11111111111", 2, 1, 1, "否", null, 3, null], // 四星级
  ["第十七党支部", S1, 80.5, "1111111-111", 2, 1, 1, "否", null, 3, null], // 三星级
  ["第十八党支部", S2, 95, "11111111111", 2, 1, 1, "否", null, 3, "上年三星，本年五星"], // 五星级, jump
];

function checkValue(ch: string): WriteValue {
  if (ch === "1") return "是";
  if (ch === "0") return "否";
  if (ch === "v") return "√";
  if (ch === "x") return "×";
  return null;
}

const STAR_BRANCH_FIELDS = [
  "name",
  "group",
  "score",
  "std1",
  "std2",
  "std3",
  "std4",
  "std5",
  "std6",
  "std7Count",
  "std8",
  "std9Participation",
  "std9Pass",
  "std10",
  "std11",
  "std12",
  "std13",
  "veto",
  "vetoReason",
  "priorStars",
  "remark",
];

function starBranchSample(): SampleSet {
  return {
    title: "2026年度星级党支部考核评定表",
    subtitle: null,
    fields: STAR_BRANCH_FIELDS,
    rows: STAR_BRANCH_ROWS.map((r) => {
      const row: Record<string, WriteValue> = {
        name: r[0],
        group: r[1],
        score: r[2],
        std7Count: r[4],
        std9Participation: r[5],
        std9Pass: r[6],
        veto: r[7],
        vetoReason: r[8],
        priorStars: r[9],
        remark: r[10],
      };
      STD_IDS.forEach((id, i) => (row[id] = checkValue(r[3].charAt(i))));
      return row;
    }),
  };
}

const M1 = "市直机关工委";
const M2 = "机关党委";

type ModelRow = [
  name: string,
  group: string,
  theory: WriteValue,
  institution: WriteValue,
  activity: WriteValue,
  vanguard: WriteValue,
  selfBuilding: WriteValue,
  veto: WriteValue,
  vetoReason: WriteValue,
  prior: WriteValue,
  remark: WriteValue,
];

// theory and activity are yes/no; institution is a score out of 20; vanguard and selfBuilding mix both.
// prettier-ignore
const MODEL_ROWS: ModelRow[] = [
  ["办公室党支部", M2, "是", 18, "是", 19, "是", "否", null, "四星", null], // 五星
  ["研究室党支部", M2, "是", 17, "是", "是", 16, "否", null, "五星", null], // 五星 (16 = pass line)
  ["法规处党支部", M2, "是", 15, "是", 18, "是", "否", null, "四星", "制度落实得分15"], // 四星
  ["财务处党支部", M2, "否", 19, "是", 17, "是", "否", null, "三星", null], // 四星
  ["人事处党支部", M2, "是", 16, "否", "否", 18, "否", null, "三星", null], // 三星
  ["机关服务中心党支部", M1, "否", 14, "是", 15, "是", "否", null, "二星", null], // 二星
  ["信息中心党支部", M1, "是", 12, "否", "否", 13, "否", null, "二星", null], // 一星
  ["档案馆党支部", M1, "否", 10, "否", "否", "否", "否", null, "一星", "全年组织生活不规范"], // 未获星
  ["后勤中心党支部", M1, "是", 18, "是", 19, "是", "是", "违反中央八项规定精神被通报", "五星", null], // veto → 未获星
  ["离退休干部党支部", M1, "是", null, "是", 17, "是", "否", null, "四星", "制度落实星待评"], // missing → 未评定
  ["青年干部党支部", M2, "是", 19.5, "是", "是", "是", "否", null, null, "本年新成立"], // 五星
  ["督查室党支部", M2, "是", 16.5, "是", 15.5, "否", "否", null, "四星", null], // 三星
  ["宣传处党支部", M2, "是", 17, "否", 16, "是", "否", null, "二星", null], // 四星, jump
  ["机要室党支部", M1, "是", 15.5, "是", 14, "否", "否", null, "三星", null], // 二星
];

const MODEL_FIELDS = [
  "name",
  "group",
  "theory",
  "institution",
  "activity",
  "vanguard",
  "selfBuilding",
  "veto",
  "vetoReason",
  "priorStars",
  "remark",
];

function modelOrganSample(): SampleSet {
  return {
    title: "2026年度模范机关创建五星党支部逐星评定表",
    subtitle: null,
    fields: MODEL_FIELDS,
    rows: MODEL_ROWS.map((r) => Object.fromEntries(MODEL_FIELDS.map((id, i) => [id, r[i] ?? null]))),
  };
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/** A plain sample for any other rubric: 12 branches with scores spread over the range. */
function genericSample(rubric: Rubric): SampleSet {
  const fields = rubric.fields.map((f) => f.id);
  const spread = [1, 0.97, 0.95, 0.92, 0.9, 0.87, 0.84, 0.8, 0.76, 0.7, 0.65, 0.55];
  const rows = spread.map((k, i) => {
    const row: Record<string, WriteValue> = {};
    for (const f of rubric.fields) {
      switch (f.role) {
        case "name":
          row[f.id] = `第${ORDINALS[i]}党支部`;
          break;
        case "group":
          row[f.id] = i % 2 === 0 ? G1 : G2;
          break;
        case "criterion":
        case "total":
          row[f.id] = f.max !== undefined ? Math.round(f.max * k * 2) / 2 : null;
          break;
        case "percent":
          row[f.id] = i === 3 ? 0.9 : 0.97;
          break;
        case "check":
          row[f.id] = f.minCount !== undefined ? f.minCount + (i % 3) : i === 2 ? "否" : "是";
          break;
        default:
          row[f.id] = null;
      }
    }
    return row;
  });
  return { title: `2026年度${rubric.name}评定表`, subtitle: null, fields, rows };
}

/** The sample rows for a rubric: the preset's own set, or a generic one. */
export function sampleRows(rubric: Rubric): SampleSet {
  if (rubric.id === "service-org") return serviceOrgSample();
  if (rubric.id === "star-branch") return starBranchSample();
  if (rubric.id === "model-organ") return modelOrganSample();
  return genericSample(rubric);
}
