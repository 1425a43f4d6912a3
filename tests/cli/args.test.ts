import { UsageError, helpText, parseArgs, resolveLang } from "../../src/cli/args";

function usage(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  test("score with every option, in both option spellings", () => {
    expect(
      parseArgs([
        "score",
        "in.xlsx",
        "-o",
        "out.xlsx",
        "--rubric=star-branch",
        "--sheet",
        "评分表",
        "--json",
        "--lang",
        "en",
      ]),
    ).toEqual({
      command: "score",
      input: "in.xlsx",
      output: "out.xlsx",
      rubric: "star-branch",
      sheet: "评分表",
      json: true,
      inPlace: false,
      sample: false,
      lang: "en",
    });
    expect(parseArgs(["--", "score", "--in-place", "a.xlsx"])).toMatchObject({
      input: "a.xlsx",
      inPlace: true,
    });
  });

  test("template, presets, rubric, help", () => {
    expect(parseArgs(["template", "-o", "t.xlsx", "--rows", "30", "--sample"])).toMatchObject({
      command: "template",
      output: "t.xlsx",
      rows: 30,
      sample: true,
    });
    expect(parseArgs(["presets"]).command).toBe("presets");
    expect(parseArgs(["rubric", "--rubric", "model-organ"])).toMatchObject({
      command: "rubric",
      rubric: "model-organ",
    });
    expect(parseArgs([])).toMatchObject({ command: "help" });
    expect(parseArgs(["--help"])).toMatchObject({ command: "help" });
    expect(parseArgs(["score", "--help"])).toMatchObject({ command: "help", helpFor: "score" });
  });

  test('"--" ends the options: a file whose name starts with "-" follows it', () => {
    expect(parseArgs(["score", "-o", "out.xlsx", "--", "-评分表.xlsx"])).toMatchObject({
      command: "score",
      input: "-评分表.xlsx",
      output: "out.xlsx",
    });
    // After it even an option's spelling is a file name.
    expect(parseArgs(["merge", "-o", "x.xlsx", "--", "-a.xlsx", "--json"]).inputs).toEqual([
      "-a.xlsx",
      "--json",
    ]);
  });

  test.each([
    [["score"], "score needs an input file"],
    [["score", "a.xlsx", "--bogus"], "Unknown option: --bogus"],
    [["score", "a.xlsx", "-o"], "Option -o needs a value"],
    [["score", "a.xlsx", "-o", "--json"], "Option -o needs a value"],
    [["score", "a.xlsx", "-o", "b.xlsx", "--in-place"], "-o and --in-place cannot be used together"],
    [["score", "a.xlsx", "b.xlsx"], "Unexpected argument: b.xlsx"],
    [["score", "a.xlsx", "--rows", "3"], "does not take --rows"],
    [["score", "a.xlsx", "--json", "--json"], "only once"],
    [["score", "a.xlsx", "--lang", "fr"], "--lang must be zh or en"],
    [["score", "a.xlsx", "--json=yes"], "takes no value"],
    [["template"], "template needs -o"],
    [["template", "-o", "t.xlsx", "--rows", "0"], "--rows must be a whole number"],
    [["template", "-o", "t.xlsx", "--rows", "2.5"], "--rows must be a whole number"],
    [["template", "-o", "t.xlsx", "--rows", "-5"], "--rows must be a whole number from 1 to 100000, not -5"],
    [["template", "-o", "t.xlsx", "--rows=-5"], "--rows must be a whole number from 1 to 100000, not -5"],
    [["template", "-o", "t.csv"], "must end in .xlsx: t.csv"],
    [["template", "-o", "t.xlsm"], "cannot be .xlsm"],
    [["score", "a.xlsx", "-o", "out.csv"], "must end in .xlsx: out.csv"],
    [["score", "a.xlsx", "--output=out"], "must end in .xlsx: out"],
    [["score", "a.xlsx", "-o", "out.XLSM"], "cannot be .xlsm"],
    [["grade", "a.xlsx"], "Unknown command: grade"],
    [["--json"], "Give a command"],
    [["presets", "extra"], "Unexpected argument: extra"],
    [["score", "a.xlsx", "--", "b.xlsx"], "Unexpected argument: b.xlsx"],
  ])("%j is a usage error", (argv, messageEn) => {
    expect(parseArgs(["score", "a.xlsx", "-o", "OUT.XLSX"]).output).toBe("OUT.XLSX");
    const error = usage(argv);
    expect(error.text("en")).toContain(messageEn);
    expect(error.text("zh")).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("language and help", () => {
  test("--lang wins, then LANG/LC_ALL, Chinese by default", () => {
    expect(resolveLang(undefined, {})).toBe("zh");
    expect(resolveLang(undefined, { LANG: "en_US.UTF-8" })).toBe("en");
    expect(resolveLang(undefined, { LANG: "zh_CN.UTF-8" })).toBe("zh");
    expect(resolveLang(undefined, { LC_ALL: "en_GB.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(resolveLang("zh", { LANG: "en_US.UTF-8" })).toBe("zh");
  });

  test("help names every command and the exit codes", () => {
    const zh = helpText("zh");
    for (const word of ["score", "template", "presets", "rubric", "退出码"]) expect(zh).toContain(word);
    expect(helpText("en", "score")).toContain("Usage: npm run cli -- score <in.xlsx>");
  });

  test("help for score says when an existing output is replaced", () => {
    expect(helpText("zh", "score")).toContain(
      "已有的输出文件只在它是本工具写出、且此后未被修改保存时才会被替换",
    );
    expect(helpText("en", "score")).toContain(
      "replaced only if this tool wrote it and nobody saved it since",
    );
  });
});
