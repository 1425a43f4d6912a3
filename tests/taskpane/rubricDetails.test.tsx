/** @jest-environment jsdom */
import "./setup";
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { getPreset } from "../../src/engine";
import type { Lang, Rubric } from "../../src/engine/types";
import { I18nContext, messages } from "../../src/taskpane/i18n";
import { RubricDetails } from "../../src/taskpane/RubricDetails";

const starBranch = getPreset("star-branch")!;
const serviceOrg = getPreset("service-org")!;

function renderDetails(rubric: Rubric, lang: Lang) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <I18nContext.Provider value={{ lang, t: messages[lang] }}>
        <RubricDetails rubric={rubric} />
      </I18nContext.Provider>
    </FluentProvider>,
  );
}

/** The texts of the list of requirements left out, in the row of the named rule. */
function leftOutTexts(ruleName: string, rulesTitle: string): string[] {
  const rules = screen.getByRole("table", { name: rulesTitle });
  const row = within(rules).getByRole("rowheader", { name: ruleName }).closest("tr")!;
  const lists = within(row).queryAllByRole("list");
  return lists.flatMap((l) =>
    within(l)
      .getAllByRole("listitem")
      .map((li) => li.textContent ?? ""),
  );
}

describe("rubric details: requirements a rule's columns cannot show", () => {
  test("star-branch's five-star standards say in Chinese what 文体活动次数 and the appraisal rates alone cannot show", () => {
    renderDetails(starBranch, "zh");
    const texts = leftOutTexts("五星级标准", "评定规则");
    expect(texts).toContain(
      "7.文体活动：只凭文体活动次数不能判断「有创意」、「结合实际设计活动载体，采取多种形式」、「载体科学，开展有序，记录详细，效果明显」",
    );
    expect(texts).toContain(
      "9.民主评议：只凭民主评议参加率、民主评议合格率不能判断「每个党员都能认真开展批评与自我批评」、「能结合实际提出存在问题」、「正确认识问题和明确今后改进目标」",
    );
    expect(texts[0]).toMatch(/^1\.参会及任务完成：只凭参会率不能判断「无迟到早退现象」/);
    expect(texts).toHaveLength(3);
    expect(screen.getByText("表中只有所列的列时，以下要求未检查，请另行核实：")).toBeTruthy();
  });

  test("star-branch's five-star standards say the same in English, in the rubric's English words", () => {
    renderDetails(starBranch, "en");
    const texts = leftOutTexts("five-star standards", "Rules");
    expect(texts).toContain(
      '7. Cultural and sports activities: Cultural and sports activities (count) alone cannot show "creative", "activities designed for the branch, in varied forms", "sound formats, orderly conduct, detailed records, clear results"',
    );
    expect(texts).toContain(
      '9. Democratic appraisal: Democratic appraisal participation and Democratic appraisal pass rate alone cannot show "every member earnestly practises criticism and self-criticism", "names the problems that exist", "understands them and sets goals for improvement"',
    );
    expect(
      screen.getByText(
        "When the table has only the columns named, these requirements are not checked; verify them separately:",
      ),
    ).toBeTruthy();
  });

  test("a rubric whose conditions leave nothing out shows no such list", () => {
    renderDetails(serviceOrg, "zh");
    const rules = screen.getByRole("table", { name: "评定规则" });
    expect(within(rules).queryAllByRole("list")).toHaveLength(0);
    expect(screen.queryByText(/以下要求未检查/)).toBeNull();
  });
});
