/**
 * manifest.xml against itself and the code: every resid is defined (with an en-US override for
 * strings), every URL is on one origin, each ExecuteFunction name is registered with
 * Office.actions.associate, and the icons exist at the sizes the manifest declares.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

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

  test("every string resource and top-level text has an en-US override", () => {
    const strings = [...defined].filter(([, r]) => r.kind === "String");
    expect(strings.length).toBeGreaterThan(5);
    for (const [id, r] of strings)
      expect({ id, overrides: r.overrides }).toEqual({ id, overrides: ["en-US"] });
    for (const tag of ["DisplayName", "Description"]) {
      const block = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(manifest);
      expect(block?.[1]).toMatch(/<Override Locale="en-US" Value="[^"]+"/);
    }
    expect(manifest).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
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
    expect(config).toContain("https://localhost:3000/");
  });
});
