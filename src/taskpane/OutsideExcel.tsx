/**
 * The task pane's page opened outside Excel (SPEC §10, docs/page.md): a scorer for files. Drop or
 * pick .xlsx files; for the chosen one the pane's own components show the rubric, the detected
 * table and its mapping, 一键评定 and the flags (App, over fileServices.ts); each scored workbook
 * is offered for download. Nothing leaves the browser: the work runs in a worker on the bytes.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title3,
  tokens,
} from "@fluentui/react-components";
import {
  useCallback,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type DragEvent,
  type Ref,
} from "react";
import type { Lang } from "../engine/types";
import { createPageScorer, type PageScorer, type ScorerMode } from "../page/client";
import type { ScoreReply } from "../page/file-scoring";
import { App } from "./App";
import type { HostInfo } from "./host";
import { useI18n } from "./i18n";
import { pageTexts, type Listed } from "./pageText";
import { localize, thrownText, type LocalizedText, type PaneServices } from "./services";
import { useLeaveWarning } from "./useLeaveWarning";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type FileStatus = "waiting" | "running" | "scored" | "failed";

interface PageFile {
  id: string;
  name: string;
  size: number;
  /** Its bytes' hash, to tell the same file picked again (listFile). */
  fingerprint: string;
  services: PaneServices;
  status: FileStatus;
  download?: { url: string; name: string };
  /** A scored workbook is offered that was not downloaded yet: leaving the page would lose it. */
  unsaved: boolean;
  /** A run gave it a result: a later run that fails (a refused 上年结果) leaves that result offered. */
  rated: boolean;
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: "16px",
    padding: "16px 20px 32px",
    maxWidth: "760px",
    margin: "0 auto",
    boxSizing: "border-box",
    color: tokens.colorNeutralForeground1,
  },
  drop: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    gap: "10px",
    padding: "24px 16px",
    borderRadius: tokens.borderRadiusLarge,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    textAlign: "center",
  },
  dropActive: {
    border: `2px dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  list: { display: "flex", flexDirection: "column", gap: "6px", margin: 0, padding: 0, listStyle: "none" },
  item: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: "8px",
    padding: "6px 8px",
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  chosen: {
    border: `1px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1Selected,
  },
  name: { flexGrow: 1, minWidth: "10em", overflowWrap: "anywhere" },
  pane: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "8px" },
});

const statusColor: Record<FileStatus, "informative" | "brand" | "success" | "danger"> = {
  waiting: "informative",
  running: "brand",
  scored: "success",
  failed: "danger",
};

type ServicesModule = typeof import("../page/fileServices");

function downloadUrl(bytes: Uint8Array): string {
  return URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
}

let nextFileId = 1;

/** FNV-1a over the bytes, with their length: the same file picked twice has the same one. */
function fingerprint(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return `${bytes.length}:${(hash >>> 0).toString(16)}`;
}

/** "同名.xlsx", or "同名 (2).xlsx" when a listed file has that name: downloads and 来源 tell them apart. */
function unusedName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  let n = 2;
  while (taken.has(`${stem} (${n})${ext}`)) n++;
  return `${stem} (${n})${ext}`;
}

/** An .xlsx is a zip: it starts with a local file header ("PK\x03\x04"). */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/**
 * A file's services with its status in the list kept: running while it is rated, failed when it
 * cannot even be opened (a .csv, an .xls, a damaged or empty file), not only in its pane. A run the
 * worker could not finish brings no reply to `onScored`, so it is marked failed here: left running,
 * the badge said 评定中… for ever and leaving the page asked for a result that would never come.
 */
function tracked(base: PaneServices, setStatus: (status: FileStatus) => void): PaneServices {
  return {
    ...base,
    start: () =>
      base.start().catch((error: unknown) => {
        setStatus("failed");
        throw error;
      }),
    recompute: (request) => {
      setStatus("running");
      return base.recompute(request).then(
        (outcome) => {
          if (!outcome.ok) setStatus("failed");
          return outcome;
        },
        (error: unknown) => {
          setStatus("failed");
          throw error;
        },
      );
    },
  };
}

/**
 * The picked files to add, each once: the same bytes again (picked twice, or a copy under another
 * name) would be merged twice, so they are left out and listed; another file of a listed name is
 * numbered ("同名 (2).xlsx").
 */
function newFiles(
  picked: readonly { name: string; bytes: Uint8Array }[],
  listed: readonly PageFile[],
): { add: { name: string; bytes: Uint8Array }[]; again: Listed[] } {
  const seen = new Map(listed.map((f) => [f.fingerprint, f.name]));
  const names = new Set(listed.map((f) => f.name));
  const add: { name: string; bytes: Uint8Array }[] = [];
  const again: Listed[] = [];
  for (const file of picked) {
    const print = fingerprint(file.bytes);
    const before = seen.get(print);
    if (before !== undefined) {
      again.push({ name: file.name, before });
      continue;
    }
    const name = unusedName(file.name, names);
    seen.set(print, name);
    names.add(name);
    add.push({ name, bytes: file.bytes });
  }
  return { add, again };
}

/**
 * A file after a run: rated with its download (the last one's let go), or failed. A re-run that
 * fails (a 上年结果 refused, a 公示期 reversed) changes nothing the last result offers: the page
 * holds the same bytes, so that result is still right for the choices it was made with.
 */
function afterRun(file: PageFile, reply: ScoreReply): PageFile {
  if (!reply.outcome.ok || !reply.bytes) return afterFailure(file);
  if (file.download) URL.revokeObjectURL(file.download.url);
  const download = { url: downloadUrl(reply.bytes), name: reply.outputName };
  return { ...file, status: "scored", download, unsaved: true, rated: true };
}

/** A run that failed: a file with a result keeps it; any other is 未能评定. */
function afterFailure(file: PageFile): PageFile {
  if (file.rated) return { ...file, status: "scored" };
  if (file.download) URL.revokeObjectURL(file.download.url);
  return { ...file, status: "failed", download: undefined, unsaved: false };
}

/** Work only this page holds: a rating under way, or a scored workbook not downloaded yet. */
function unsavedWork(files: readonly PageFile[]): boolean {
  return files.some((f) => f.status === "running" || f.unsaved);
}

/** A file as the list shows it, before its first run: a bad zip is 未能评定 at once. */
function listedFile(f: {
  id: string;
  name: string;
  bytes: Uint8Array;
  services: PageFile["services"];
  download: PageFile["download"];
  made: boolean;
}): PageFile {
  return {
    id: f.id,
    name: f.name,
    size: f.bytes.length,
    fingerprint: fingerprint(f.bytes),
    services: f.services,
    status: f.made || looksLikeZip(f.bytes) ? "waiting" : "failed",
    download: f.download,
    // Not even a merged workbook: it is no result, and one click makes it again from the files.
    unsaved: false,
    rated: false,
  };
}

function useFiles(scorer: PageScorer, lang: Lang) {
  const [files, setFiles] = useState<PageFile[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const servicesModule = useRef<Promise<ServicesModule> | null>(null);
  const update = useCallback((id: string, change: (file: PageFile) => PageFile) => {
    setFiles((list) => list.map((f) => (f.id === id ? change(f) : f)));
  }, []);

  const onScored = useCallback(
    (id: string, reply: ScoreReply) => update(id, (file) => afterRun(file, reply)),
    [update],
  );

  /**
   * A file's bytes to the scorer and a pane for it; `show` makes it the file on screen. A file the
   * page made (the merge) can be downloaded as it is until it is rated.
   */
  const open = useCallback(
    async (name: string, bytes: Uint8Array, show: boolean, made = false) => {
      servicesModule.current ??= import(/* webpackChunkName: "page" */ "../page/fileServices");
      const { createFileServices } = await servicesModule.current;
      const id = `f${nextFileId++}`;
      const download = made ? { url: downloadUrl(bytes), name } : undefined;
      await scorer.request({ op: "open", file: id, name, bytes });
      const base = createFileServices({ scorer, file: id, lang, onScored: (reply) => onScored(id, reply) });
      const services = tracked(base, (status) =>
        update(id, (f) => (status === "failed" ? afterFailure(f) : { ...f, status })),
      );
      setFiles((list) => [...list, listedFile({ id, name, bytes, services, download, made })]);
      setChosen((current) => (show ? id : (current ?? id)));
    },
    [scorer, lang, onScored, update],
  );

  const listed = useRef(files);
  listed.current = files;
  /** Files picked, each added once (newFiles); the ones left out are said. */
  const add = useCallback(
    async (picked: readonly File[]): Promise<LocalizedText | null> => {
      const read = await Promise.all(
        picked.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
      );
      const { add: adding, again } = newFiles(read, listed.current);
      // One file picked is the one to look at (a corrected copy of a listed file, say); several
      // picked at once are listed behind the one on screen.
      for (const file of adding) await open(file.name, file.bytes, adding.length === 1);
      if (again.length === 0) return null;
      return { message: pageTexts.zh.alreadyListed(again), messageEn: pageTexts.en.alreadyListed(again) };
    },
    [open],
  );

  /** 申报汇总: every file's table in one new workbook, added to the list to be rated like any file. */
  const merge = useCallback(async (): Promise<LocalizedText | null> => {
    const reply = await scorer.request({ op: "merge", files: files.map((f) => f.id), lang, now: Date.now() });
    if (!reply.ok) return reply.error;
    await open(reply.name, reply.bytes, true, true);
    return null;
  }, [scorer, files, lang, open]);

  const remove = useCallback(
    (id: string) => {
      setFiles((list) => {
        const gone = list.find((f) => f.id === id);
        if (gone?.download) URL.revokeObjectURL(gone.download.url);
        const rest = list.filter((f) => f.id !== id);
        setChosen((current) => (current === id ? (rest[0]?.id ?? null) : current));
        return rest;
      });
      void scorer.request({ op: "close", file: id });
    },
    [scorer],
  );
  /** Its download was taken: nothing of it is lost by leaving (until it is rated again). */
  const saved = useCallback((id: string) => update(id, (f) => ({ ...f, unsaved: false })), [update]);
  return { files, chosen, setChosen, add, remove, merge, saved };
}

/**
 * Where keyboard focus goes when a file is removed: its 移除 button goes with its row, and focus would
 * fall to the page's body. It moves to the next file's 移除 (the previous one's for the last file), so
 * the list can be cleared key by key, or to 选择文件… when the list is left empty.
 */
function useFocusAfterRemove(files: readonly PageFile[]) {
  const removeButtons = useRef(new Map<string, HTMLButtonElement>());
  const picker = useRef<HTMLButtonElement>(null);
  const removeButton = useCallback(
    (id: string) => (button: HTMLButtonElement | null) => {
      if (button) removeButtons.current.set(id, button);
      else removeButtons.current.delete(id);
    },
    [],
  );
  /** Called before the row goes: the buttons it moves to stay, so focus can move at once. */
  const leave = (id: string) => {
    const at = files.findIndex((f) => f.id === id);
    const next = files[at + 1] ?? files[at - 1];
    (next ? removeButtons.current.get(next.id) : picker.current)?.focus();
  };
  return { picker, removeButton, leave };
}

function DropZone({
  onFiles,
  pickerRef,
  lang,
}: {
  onFiles: (files: File[]) => void;
  pickerRef: Ref<HTMLButtonElement>;
  lang: Lang;
}) {
  const styles = useStyles();
  const text = pageTexts[lang];
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    onFiles([...event.dataTransfer.files]);
  };
  return (
    <div
      className={over ? `${styles.drop} ${styles.dropActive}` : styles.drop}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <Body1>{text.drop}</Body1>
      <Button ref={pickerRef} appearance="primary" onClick={() => input.current?.click()}>
        {text.pick}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple
        hidden
        aria-label={text.pick}
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
    </div>
  );
}

function FileRow({
  file,
  chosen,
  onChoose,
  onRemove,
  onDownload,
  removeRef,
  lang,
}: {
  file: PageFile;
  chosen: boolean;
  onChoose: () => void;
  onRemove: () => void;
  onDownload: () => void;
  removeRef: Ref<HTMLButtonElement>;
  lang: Lang;
}) {
  const styles = useStyles();
  const text = pageTexts[lang];
  return (
    <li className={chosen ? `${styles.item} ${styles.chosen}` : styles.item}>
      <Button appearance="transparent" className={styles.name} aria-pressed={chosen} onClick={onChoose}>
        {file.name}
      </Button>
      <Caption1>{text.size(file.size / 1024)}</Caption1>
      <Badge appearance="tint" color={statusColor[file.status]}>
        {text.status[file.status]}
      </Badge>
      {file.download && (
        <Button
          as="a"
          appearance="primary"
          href={file.download.url}
          download={file.download.name}
          onClick={onDownload}
        >
          {text.download(file.download.name)}
        </Button>
      )}
      <Button ref={removeRef} appearance="subtle" aria-label={text.removeFile(file.name)} onClick={onRemove}>
        {text.remove}
      </Button>
    </li>
  );
}

/** A task that may fail: its error shown in words, a spinner while it runs. */
function useTask(lang: Lang) {
  const [busy, setBusy] = useState<"adding" | "merging" | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const run = (kind: "adding" | "merging", task: () => Promise<LocalizedText | null | void>) => {
    setBusy(kind);
    setFailed(null);
    task()
      .then((error) => error && setFailed(localize(error, lang)))
      .catch((error: unknown) => setFailed(localize(thrownText(error), lang)))
      .finally(() => setBusy(null));
  };
  return { busy, failed, run };
}

/** Where the next run will happen, kept current: it moves to the page when a dead worker has no successor. */
function useScorerMode(scorer: PageScorer): ScorerMode | null {
  return useSyncExternalStore(scorer.subscribe, scorer.mode);
}

function Intro({ host, mode, lang }: { host: OutsideHost; mode: ScorerMode | null; lang: Lang }) {
  const { t } = useI18n();
  const text = pageTexts[lang];
  return (
    <>
      <header style={{ display: "flex", flexDirection: "column", gap: 2 }}>
        <Title3 as="h1" style={{ margin: 0 }}>
          {text.title}
        </Title3>
        <Text as="p" size={300} style={{ margin: "2px 0 0" }}>
          {text.subtitle}
        </Text>
      </header>
      <Body1 as="p" style={{ margin: 0 }}>
        {text.intro}
      </Body1>
      {host.reason === "other-host" && (
        <MessageBar intent="info">
          <MessageBarBody>{t.outsideOtherHost(host.host ?? "?")}</MessageBarBody>
        </MessageBar>
      )}
      {mode === "page" && (
        <MessageBar intent="warning">
          <MessageBarBody>{text.noWorker}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

type OutsideHost = Extract<HostInfo, { inExcel: false }>;

/** Shown when the pane's page is opened in a browser, not in Excel: the page that scores files. */
export function OutsideExcel({
  host,
  createScorer = createPageScorer,
}: {
  host: OutsideHost;
  /** The worker (or in-page) scorer; tests hand in their own. */
  createScorer?: () => PageScorer;
}) {
  const styles = useStyles();
  const { lang } = useI18n();
  const text = pageTexts[lang];
  const scorer = useMemo(() => createScorer(), [createScorer]);
  const { files, chosen, setChosen, add, remove, merge, saved } = useFiles(scorer, lang);
  useLeaveWarning(unsavedWork(files));
  const focus = useFocusAfterRemove(files);
  const mode = useScorerMode(scorer);
  const task = useTask(lang);
  return (
    <main className={styles.root} data-host-reason={host.reason}>
      <Intro host={host} mode={mode} lang={lang} />
      <DropZone
        onFiles={(picked) => picked.length > 0 && task.run("adding", () => add(picked))}
        pickerRef={focus.picker}
        lang={lang}
      />
      {task.busy === "adding" && <Spinner size="tiny" />}
      {task.failed && (
        <MessageBar intent="error" role="alert">
          {/* A merge's refusal lists its files one per line. */}
          <MessageBarBody style={{ whiteSpace: "pre-line" }}>{task.failed}</MessageBarBody>
        </MessageBar>
      )}
      {files.length > 0 && (
        <section aria-label={text.files}>
          <ul className={styles.list}>
            {files.map((file) => (
              <FileRow
                key={file.id}
                file={file}
                chosen={file.id === chosen}
                onChoose={() => setChosen(file.id)}
                onRemove={() => {
                  focus.leave(file.id);
                  remove(file.id);
                }}
                onDownload={() => saved(file.id)}
                removeRef={focus.removeButton(file.id)}
                lang={lang}
              />
            ))}
          </ul>
          <Caption1>{text.scoredNote}</Caption1>
          {files.length >= 2 && (
            <div style={{ display: "flex", alignItems: "center", gap: 8, marginTop: 8, flexWrap: "wrap" }}>
              <Button onClick={() => task.run("merging", merge)} disabledFocusable={task.busy === "merging"}>
                {text.merge}
              </Button>
              {task.busy === "merging" && <Spinner size="tiny" />}
              <Caption1>{text.mergeNote}</Caption1>
            </div>
          )}
        </section>
      )}
      {/* Every file keeps its pane (choices, result, flags) while another one is shown. */}
      {files.map((file) => (
        <div
          key={file.id}
          className={styles.pane}
          aria-label={file.name}
          role="region"
          hidden={file.id !== chosen}
        >
          <App services={file.services} embedded />
        </div>
      ))}
      <Caption1 as="p">{text.inExcel}</Caption1>
    </main>
  );
}
