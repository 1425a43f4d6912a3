/**
 * The detected table: sheet, header row, the column each field maps to (with a picker to override
 * it) and what is missing. An override is only remembered here and sent with the next recompute,
 * which is what stores it in the workbook. Once every required field has its column the pickers
 * fold away behind one line, so that 一键评定 is in view without scrolling in a 350×700 pane.
 */
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { useI18n } from "./i18n";
import { fieldLabel } from "./rubricText";
import { Section } from "./Section";
import { localize, type ColumnMapping, type FieldPlacement, type TableInspection } from "./services";

const useStyles = makeStyles({
  // A native select sizes itself to its longest option; in a 320 px pane it must shrink instead.
  // Fluent's horizontal field gives the label a third of the row, where English names such as
  // "Parent committee" wrap; the picker still gets the larger share.
  narrow: { minWidth: 0, maxWidth: "100%", gridTemplateColumns: "minmax(0, 40%) minmax(0, 1fr)" },
  select: { minWidth: 0, width: "100%", "& select": { textOverflow: "ellipsis" } },
  facts: { display: "flex", flexWrap: "wrap", gap: "4px 16px" },
  fields: { display: "flex", flexDirection: "column", gap: "6px" },
  missing: { color: tokens.colorPaletteRedForeground1 },
  summaryLine: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: "4px" },
  // Reads as a link at the end of the line; no padding of its own, so it lines up with the text.
  toggle: { minWidth: 0, padding: 0, height: "auto", color: tokens.colorBrandForegroundLink },
});

/** The field placements with the pane's manual picks applied on top of what was detected. */
export function applyMapping(
  fields: FieldPlacement[],
  mapping: ColumnMapping,
  headers: { column: string; header: string }[],
) {
  return fields.map((field) => {
    const column = mapping[field.id];
    if (column === undefined) return field;
    const header = headers.find((h) => h.column === column);
    return { ...field, column: column || null, header: header?.header ?? null, via: "mapping" as const };
  });
}

/** One picker per field of the rubric: the detected column, a manual pick, or back to detection. */
function FieldPickers({
  fields,
  detected,
  headers,
  mapping,
  onPick,
}: {
  fields: FieldPlacement[];
  detected: Map<string, string | null>;
  headers: { column: string; header: string }[];
  mapping: ColumnMapping;
  onPick: (fieldId: string, column: string | null) => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  return (
    <div className={styles.fields}>
      {fields.map((field) => (
        <Field
          key={field.id}
          className={styles.narrow}
          orientation="horizontal"
          label={fieldLabel(field, lang)}
          required={field.required}
          validationState={field.required && !field.column ? "error" : "none"}
          validationMessage={field.required && !field.column ? t.tableFieldMissing : undefined}
          hint={
            field.column && field.via === "settings"
              ? t.tableViaSettings
              : field.column && field.via === "mapping"
                ? t.tableViaMapping
                : undefined
          }
        >
          <Select
            className={styles.select}
            value={field.column ?? ""}
            // "" hands the field back to detection: the workbook layer only takes column letters.
            onChange={(_, data) => onPick(field.id, data.value || null)}
          >
            {(!field.column || mapping[field.id] !== undefined) && (
              <option value="">{detected.get(field.id) ? t.tableAutomatic : t.tableNotMapped}</option>
            )}
            {headers.map((h) => (
              <option key={h.column} value={h.column}>
                {`${h.column} · ${h.header}`}
              </option>
            ))}
          </Select>
        </Field>
      ))}
    </div>
  );
}

/** Required fields without a column: nothing will be written; which ones, and the headers there are. */
function MissingRequired({ missing, headers }: { missing: FieldPlacement[]; headers: { header: string }[] }) {
  const { t, lang } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.tableMissingRequired}</MessageBarTitle>
        {t.tableMissingRequiredDetail(
          missing.map((f) => fieldLabel(f, lang)).join(listSeparator(lang)),
          headers.map((h) => h.header).join(listSeparator(lang)) || "—",
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** "必需的列都已找到…" (when `mapped` is a count) and the link that opens or folds the pickers. */
function FoldLine({
  mapped,
  open,
  onToggle,
}: {
  mapped: number | null;
  open: boolean;
  onToggle: () => void;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.summaryLine}>
      {mapped !== null && <Text>{t.tableAllFound(mapped)}</Text>}
      <Button
        className={styles.toggle}
        size="small"
        appearance="transparent"
        aria-expanded={open}
        onClick={onToggle}
      >
        {open ? t.tableHideMapping : t.tableShowMapping}
      </Button>
    </div>
  );
}

/** A table found: its facts, what is missing, warnings, and the pickers behind their fold line. */
function DetectedTable({
  inspection,
  busy,
  mapping,
  onPick,
  toggled,
  onToggle,
}: {
  inspection: Extract<TableInspection, { ok: true }>;
  busy: boolean;
  mapping: ColumnMapping;
  onPick: (fieldId: string, column: string | null) => void;
  /** The user's own open/closed choice on this sheet, or null. */
  toggled: boolean | null;
  onToggle: (open: boolean) => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const fields = applyMapping(inspection.fields, mapping, inspection.headers);
  const detected = new Map(inspection.fields.map((f) => [f.id, f.column]));
  const missingRequired = fields.filter((f) => f.required && !f.column);
  const missingOptional = fields.filter((f) => !f.required && !f.column);
  const complete = missingRequired.length === 0;
  // Folded by default only when detection itself found every required column: a pick that completes
  // the table does not fold the pickers away under the user's hand.
  const detectedComplete = inspection.fields.every((f) => !f.required || f.column);
  const open = toggled ?? !detectedComplete;

  return (
    <>
      <div className={styles.facts} aria-busy={busy}>
        <Text>{t.tableSheet(inspection.sheet)}</Text>
        <Text>{t.tableHeaderRow(inspection.headerRow)}</Text>
      </div>
      {!complete && <MissingRequired missing={missingRequired} headers={inspection.headers} />}
      {inspection.warnings.map((w, i) => (
        <MessageBar key={i} intent="warning">
          <MessageBarBody>{localize(w, lang)}</MessageBarBody>
        </MessageBar>
      ))}
      <FoldLine
        mapped={complete ? fields.length - missingOptional.length : null}
        open={open}
        onToggle={() => onToggle(!open)}
      />
      {missingOptional.length > 0 && (
        <Text size={200}>
          {t.tableMissingOptional(missingOptional.map((f) => fieldLabel(f, lang)).join(listSeparator(lang)))}
        </Text>
      )}
      {open && (
        <FieldPickers
          fields={fields}
          detected={detected}
          headers={inspection.headers}
          mapping={mapping}
          onPick={onPick}
        />
      )}
      {Object.keys(mapping).length > 0 && <Text size={200}>{t.tableMappingKept}</Text>}
    </>
  );
}

/** Between the items of a list: 、 in Chinese, a comma in English. */
function listSeparator(lang: string): string {
  return lang === "en" ? ", " : "、";
}

/** The sheets a file offers (the page only) and the one chosen: null until the user picks one. */
export interface SheetChoice {
  sheets: readonly string[];
  chosen: string | null;
  onChoose: (sheet: string) => void;
}

/**
 * Which sheet to score, on the page (a file has no sheet on screen): the one read (the workbook's
 * active tab, or the first that holds a table) until the user picks another.
 */
function SheetPicker({ choice, shown }: { choice: SheetChoice; shown: string | null }) {
  const { t } = useI18n();
  const value = choice.chosen ?? shown ?? "";
  return (
    <Field label={t.tableSheetChoice} orientation="horizontal">
      <Select value={value} onChange={(_, data) => data.value && choice.onChoose(data.value)}>
        {value === "" && <option value="">—</option>}
        {choice.sheets.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function TablePanel({
  inspection,
  busy,
  mapping,
  onPick,
  onRefresh,
  sheetChoice,
}: {
  inspection: TableInspection | null;
  busy: boolean;
  mapping: ColumnMapping;
  /** A manual pick for a field: a column letter, or null to hand it back to detection. */
  onPick: (fieldId: string, column: string | null) => void;
  onRefresh: () => void;
  /** The page's sheet choice; absent in Excel, where the sheet on screen is the one. */
  sheetChoice?: SheetChoice;
}) {
  const { t, lang } = useI18n();
  // The user's own open/closed choice, for the sheet it was made on; otherwise open while incomplete.
  const [toggled, setToggled] = useState<{ sheet: string; open: boolean } | null>(null);

  const refresh = (
    <Button size="small" onClick={onRefresh} disabledFocusable={busy}>
      {t.tableRefresh}
    </Button>
  );

  const picker = sheetChoice ? (
    <SheetPicker choice={sheetChoice} shown={inspection?.ok ? inspection.sheet : null} />
  ) : null;

  if (!inspection) {
    return (
      <Section title={t.tableTitle} actions={refresh}>
        {picker}
        <Spinner size="small" label={t.tableDetecting} />
      </Section>
    );
  }
  if (!inspection.ok) {
    return (
      <Section title={t.tableTitle} actions={refresh}>
        {picker}
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{localize(inspection.error, lang)}</MessageBarBody>
        </MessageBar>
      </Section>
    );
  }

  return (
    <Section title={t.tableTitle} actions={refresh}>
      {picker}
      <DetectedTable
        inspection={inspection}
        busy={busy}
        mapping={mapping}
        onPick={onPick}
        toggled={toggled && toggled.sheet === inspection.sheet ? toggled.open : null}
        onToggle={(open) => setToggled({ sheet: inspection.sheet, open })}
      />
    </Section>
  );
}
