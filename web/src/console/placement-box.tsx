import { useRef } from 'preact/hooks';
import type { ConsoleTranslate } from './console';

export interface Placement {
  page: number;
  xMm: number;
  yMm: number;
}

/** A4 in millimetres; the box is drawn at PX_PER_MM. The page itself is not rendered yet. */
const PAGE_MM = { width: 210, height: 297 };
const SEAL_MM = 40;
const PX_PER_MM = 1.2;

/**
 * Where the seal goes: page, and the top-left corner in millimetres, typed or set by dragging the
 * seal box on an outline of the page (pointer events, so mouse, pen and touch alike).
 */
export function PlacementBox({ t, placement, onChange }: { t: ConsoleTranslate; placement: Placement; onChange: (p: Placement) => void }) {
  const outline = useRef<HTMLDivElement>(null);
  const moveTo = (clientX: number, clientY: number) => {
    const box = outline.current!.getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.round(Math.min(Math.max(v, 0), max));
    onChange({
      ...placement,
      xMm: clamp((clientX - box.left) / PX_PER_MM - SEAL_MM / 2, PAGE_MM.width - SEAL_MM),
      yMm: clamp((clientY - box.top) / PX_PER_MM - SEAL_MM / 2, PAGE_MM.height - SEAL_MM),
    });
  };
  const number = (key: keyof Placement, label: string, min: number, max: number) => (
    <>
      <label for={`placement-${key}`}>{label}</label>
      <input
        id={`placement-${key}`}
        type="number"
        min={min}
        max={max}
        value={placement[key]}
        onInput={(e) => onChange({ ...placement, [key]: Number(e.currentTarget.value) })}
      />
    </>
  );
  return (
    <fieldset>
      <legend>{t('placement')}</legend>
      <p>{t('dragHint')}</p>
      {number('page', t('pageNo'), 1, 10_000)}
      {number('xMm', t('xMm'), 0, PAGE_MM.width)}
      {number('yMm', t('yMm'), 0, PAGE_MM.height)}
      <div
        ref={outline}
        class="page-outline"
        data-page-outline
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          moveTo(e.clientX, e.clientY);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) moveTo(e.clientX, e.clientY);
        }}
      >
        <svg width={PAGE_MM.width * PX_PER_MM} height={PAGE_MM.height * PX_PER_MM} aria-hidden="true">
          <rect
            x={0.5}
            y={0.5}
            width={PAGE_MM.width * PX_PER_MM - 1}
            height={PAGE_MM.height * PX_PER_MM - 1}
            fill="#fff"
            stroke="#c9ced6"
          />
          <circle
            cx={(placement.xMm + SEAL_MM / 2) * PX_PER_MM}
            cy={(placement.yMm + SEAL_MM / 2) * PX_PER_MM}
            r={(SEAL_MM / 2) * PX_PER_MM}
            fill="none"
            stroke="#c00"
            stroke-width="3"
          />
        </svg>
      </div>
    </fieldset>
  );
}
