/**
 * manifest.xml against itself and the code: every resid is defined (with English overrides for
 * every English locale), version ≥ 1.0.0.0, SupportUrl is the help page, every URL is on one origin, each ExecuteFunction name is registered with
 * Office.actions.associate, and the icons exist at the sizes the manifest declares.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "acorn";
import { addinUrl, helpPage, pointManifestAt } from "../../scripts/addin-pages.cjs";

/** English locales Office may report as its display language (docs/office-addin.md#manifest). */
const ENGLISH_LOCALES = [
  "en-US",
  "en-GB",
  "en-AU",
  "en-CA",
  "en-IN",
  "en-IE",
  "en-NZ",
  "en-ZA",
  "en-SG",
  "en-MY",
  "en-PH",
  "en-HK",
];

const root = path.resolve(__dirname, "../..");
const manifest = readFileSync(path.join(root, "manifest.xml"), "utf8");

function attributes(tag: string, attr: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${tag}\\b[^>]*\\b${attr}="([^"]*)"`, "g");
  for (const m of manifest.matchAll(pattern)) out.push(m[1]);
  return out;
}

/** Resource definitions by id: the element, its DefaultValue and the locales it overrides. */
function resources(): Map<string, { kind: string; value: string; overrides: string[] }> {
  const out = new Map<string, { kind: string; value: string; overrides: string[] }>();
  const pattern =
    /<bt:(Image|Url|String)\s+id="([^"]+)"\s+DefaultValue="([^"]*)"\s*(\/>|>([\s\S]*?)<\/bt:\1>)/g;
  for (const m of manifest.matchAll(pattern)) {
    const overrides = [...(m[5] ?? "").matchAll(/<bt:Override\s+Locale="([^"]+)"/g)].map((o) => o[1]);
    out.set(m[2], { kind: m[1], value: m[3], overrides });
  }
  return out;
}

function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe("manifest.xml", () => {
  const defined = resources();

  test("every resid used is defined", () => {
    const used = attributes("[A-Za-z:]+", "resid");
    expect(used.length).toBeGreaterThan(10);
    const missing = used.filter((id) => !defined.has(id));
    expect(missing).toEqual([]);
  });

  test("every text has the same English override for every English locale Office may report", () => {
    const strings = [...defined].filter(([, r]) => r.kind === "String");
    expect(strings.length).toBeGreaterThan(5);
    for (const [id, r] of strings)
      expect({ id, overrides: r.overrides }).toEqual({ id, overrides: ENGLISH_LOCALES });
    for (const tag of ["DisplayName", "Description"]) {
      const block = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(manifest)?.[1] ?? "";
      expect([...block.matchAll(/<Override Locale="([^"]+)"/g)].map((m) => m[1])).toEqual(ENGLISH_LOCALES);
    }
    // One English text per element: the locales differ only in their tag.
    const elements = [
      ...manifest.matchAll(/<((?:bt:String|DisplayName|Description))\b[^>]*>([\s\S]*?)<\/\1>/g),
    ];
    expect(elements.length).toBe(strings.length + 2);
    for (const [, tag, body] of elements) {
      const values = new Set(
        [...body.matchAll(/<(?:bt:)?Override Locale="[^"]+" Value="([^"]*)"/g)].map((m) => m[1]),
      );
      expect({ tag, values: values.size }).toEqual({ tag, values: 1 });
    }
    expect(manifest).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
  });

  test("the version is 1.0.0.0 or above", () => {
    const version = /<Version>([0-9.]+)<\/Version>/.exec(manifest)?.[1] ?? "";
    const parts = version.split(".").map(Number);
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBeGreaterThanOrEqual(1);
  });

  test("SupportUrl and the Get Started link are the help page built from the README", () => {
    expect(attributes("SupportUrl", "DefaultValue")).toEqual(["https://localhost:3000/help.html"]);
    expect(defined.get("GetStarted.LearnMoreUrl")?.value).toBe("https://localhost:3000/help.html");
    const page = helpPage(readFileSync(path.join(root, "README.md"), "utf8"));
    expect(page).toContain("<h1>星级评定助手 · 使用帮助</h1>");
    expect(page).toContain("<li>在“星级评定”选项卡中点击“一键评定”。</li>");
    expect(page).toContain("Office 2021");
    // A page of text: no script at all, and a CSP that would refuse one.
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("default-src 'none'");
  });

  test("the ribbon has 一键评定 (ExecuteFunction) and 评定面板 (ShowTaskpane → taskpane.html) on a 星级评定 tab", () => {
    expect(defined.get("Tab.Label")?.value).toBe("星级评定");
    expect(defined.get("Recompute.Label")?.value).toBe("一键评定");
    expect(defined.get("Taskpane.Label")?.value).toBe("评定面板");
    expect(manifest).toMatch(
      /<Action xsi:type="ExecuteFunction">\s*<FunctionName>recomputeAll<\/FunctionName>/,
    );
    expect(manifest).toMatch(
      /<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="Taskpane.Url"\/>/,
    );
    expect(defined.get("Taskpane.Url")?.value).toMatch(/\/taskpane\.html$/);
    expect(defined.get("Commands.Url")?.value).toMatch(/\/commands\.html$/);
  });

  test("all URLs are on one origin, and no AppDomains are declared", () => {
    const urls = [
      ...[...defined.values()].filter((r) => r.kind !== "String").map((r) => r.value),
      ...attributes("IconUrl", "DefaultValue"),
      ...attributes("HighResolutionIconUrl", "DefaultValue"),
      ...attributes("SupportUrl", "DefaultValue"),
      ...attributes("SourceLocation", "DefaultValue"),
    ];
    expect(urls.length).toBeGreaterThan(6);
    const origins = new Set(urls.map((u) => new URL(u).origin));
    expect([...origins]).toEqual(["https://localhost:3000"]);
    expect(manifest).not.toMatch(/<AppDomains?>/);
  });

  test("ReadWriteDocument, Excel host, and a minimum ExcelApi requirement", () => {
    expect(manifest).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\/>/);
  });

  test("each FunctionName is registered with Office.actions.associate in src/commands", () => {
    const names = [...manifest.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]);
    expect(names).toEqual(["recomputeAll"]);
    const sources = readdirSync(path.join(root, "src/commands"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(path.join(root, "src/commands", f), "utf8"))
      .join("\n");
    for (const name of names) expect(sources).toMatch(new RegExp(`associate\\(\\s*"${name}"`));
  });

  test("icons exist at the declared sizes", () => {
    const images = [...defined].filter(([, r]) => r.kind === "Image");
    expect(images.length).toBe(3);
    const declared = [
      ...images.map(([id, r]) => ({ url: r.value, size: Number(/(\d+)x\1/.exec(id)?.[1]) })),
      { url: attributes("IconUrl", "DefaultValue")[0], size: 32 },
      { url: attributes("HighResolutionIconUrl", "DefaultValue")[0], size: 64 },
      { url: "https://localhost:3000/assets/icon-128.png", size: 128 },
    ];
    for (const { url, size } of declared) {
      const file = path.join(root, new URL(url).pathname);
      expect(existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
    expect(pngSize(path.join(root, "assets/logo-filled.png"))).toEqual({ width: 128, height: 128 });
  });

  test("webpack builds the pages the manifest points to", () => {
    const config = readFileSync(path.join(root, "webpack.config.js"), "utf8");
    for (const page of ["taskpane.html", "commands.html", "dialog.html"])
      expect(config).toContain(`filename: "${page}"`);
    expect(config).toContain('"./src/taskpane/index.tsx"');
    expect(config).toContain('"./src/taskpane/taskpane.html"');
    expect(config).toContain('"./src/commands/commands.ts"');
    expect(config).toContain('filename: "help.html"');
    expect(config).toContain('"src/compat/compat.js"');
    expect(config).toContain("addinUrl(process.env, dev)");
  });
});

describe("where dist/manifest.xml points (ADDIN_URL)", () => {
  test("without ADDIN_URL it keeps the dev server and the build line says so", () => {
    const target = addinUrl({}, false);
    expect(target).toMatchObject({ url: "https://localhost:3000/", fromEnv: false });
    expect(target.line).toBe(
      "[star-rating] dist/manifest.xml → https://localhost:3000/ (ADDIN_URL 未设置 / not set: only for sideloading with `npm run dev-server` on this machine)",
    );
  });

  test("with ADDIN_URL every URL moves there, and the line names it", () => {
    const target = addinUrl({ ADDIN_URL: "https://addins.dangwei.gov.cn/star-rating" }, false);
    expect(target.url).toBe("https://addins.dangwei.gov.cn/star-rating/");
    expect(target.line).toBe(
      "[star-rating] dist/manifest.xml → https://addins.dangwei.gov.cn/star-rating/ (ADDIN_URL)",
    );
    const moved = pointManifestAt(manifest, target.url);
    expect(moved).not.toContain("https://localhost:3000/");
    expect(moved).toContain(
      '<SupportUrl DefaultValue="https://addins.dangwei.gov.cn/star-rating/help.html"/>',
    );
  });

  test("a development build ignores ADDIN_URL", () => {
    expect(addinUrl({ ADDIN_URL: "https://addins.dangwei.gov.cn/" }, true).url).toBe(
      "https://localhost:3000/",
    );
  });

  test.each([
    ["http://addins.dangwei.gov.cn/", /必须是 https/],
    ["https://www.contoso.com/star-rating/", /示例主机 www\.contoso\.com/],
    ["https://example.com/", /示例主机/],
    ["not a url", /不是有效的网址/],
    ["https://addins.dangwei.gov.cn/?v=1", /不能带 \? 或 #/],
  ])("refuses ADDIN_URL=%s", (url, message) => {
    expect(() => addinUrl({ ADDIN_URL: url }, false)).toThrow(message);
  });
});

describe("the old-host message (src/compat)", () => {
  const compat = readFileSync(path.join(root, "src/compat/compat.js"), "utf8");

  test("compat.js is ES5, so that the webviews of Office 2016/2019 can run it", () => {
    expect(() => parse(compat, { ecmaVersion: 5 })).not.toThrow();
    // …and the check itself would catch ES2015+ syntax.
    expect(() => parse("const a = () => 1;", { ecmaVersion: 5 })).toThrow();
    expect(compat).not.toMatch(/\beval\b|new Function|\bURL\(/);
  });

  test("it answers every ribbon FunctionName, and both pages load it before Office.js and the bundles", () => {
    for (const [, name] of manifest.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g))
      expect(compat).toContain(`associate("${name}"`);
    for (const page of ["src/taskpane/taskpane.html", "src/commands/commands.html"]) {
      const html = readFileSync(path.join(root, page), "utf8");
      const compatAt = html.indexOf('<script src="compat.js"></script>');
      expect(compatAt).toBeGreaterThan(0);
      expect(compatAt).toBeLessThan(html.indexOf("office.js"));
    }
  });

  test("every entry with a page or a command marks itself booted first", () => {
    for (const entry of ["src/taskpane/index.tsx", "src/commands/commands.ts"]) {
      const source = readFileSync(path.join(root, entry), "utf8");
      expect(source.split("\n").find((l) => l.startsWith("import "))).toBe('import "../compat/booted";');
    }
  });
});
