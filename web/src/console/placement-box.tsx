import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleTranslate } from './console';
import type { PageSize, PdfView } from './pdf-view';

export interface Placement {
  page: number;
  xMm: number;
  yMm: number;
}

/** Until the page is rendered the outline is A4; the seal circle is drawn 40 mm wide. */
const A4: PageSize = { widthMm: 210, heightMm: 297 };
const SEAL_MM = 40;
const PX_PER_MM = 1.2;

/**
 * Where the seal goes: the chosen page rendered by pdf.js, with the seal circle dragged to its place
 * (pointer events, so mouse, pen and touch alike), typed in millimetres, or put over a text anchor
 * found in the document. The numbers are what the API receives: top-left corner, millimetres.
 */
export function PlacementBox(props: { t: ConsoleTranslate; pdf?: PdfView; placement: Placement; onChange: (p: Placement) => void }) {
  const { t, pdf, placement, onChange } = props;
  const outline = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const rendering = useRef<Promise<unknown>>(Promise.resolve());
  const [size, setSize] = useState<PageSize>(A4);
  const [rendered, setRendered] = useState<number>();
  const [anchor, setAnchor] = useState('');
  const [anchorOutcome, setAnchorOutcome] = useState<string>();
  const pages = pdf?.numPages ?? 10_000;

  useEffect(() => {
    if (!pdf || !canvas.current || placement.page < 1 || placement.page > pdf.numPages) return;
    let live = true;
    // One render at a time on a canvas (pdf.js refuses overlapping renders): queue behind the last.
    rendering.current = rendering.current
      .then(() => (live ? pdf.render(placement.page, canvas.current!, PX_PER_MM) : undefined))
      .then((pageSize) => {
        if (live && pageSize) {
          setSize(pageSize);
          setRendered(placement.page);
        }
      })
      .catch(() => live && setRendered(undefined));
    return () => {
      live = false;
    };
  }, [pdf, placement.page]);

  const clamp = (v: number, max: number) => Math.round(Math.min(Math.max(v, 0), Math.max(max, 0)));
  const centreAt = (page: number, xMm: number, yMm: number) =>
    onChange({ page, xMm: clamp(xMm - SEAL_MM / 2, size.widthMm - SEAL_MM), yMm: clamp(yMm - SEAL_MM / 2, size.heightMm - SEAL_MM) });
  const moveTo = (clientX: number, clientY: number) => {
    const box = outline.current!.getBoundingClientRect();
    centreAt(placement.page, (clientX - box.left) / PX_PER_MM, (clientY - box.top) / PX_PER_MM);
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
  const width = size.widthMm * PX_PER_MM;
  const height = size.heightMm * PX_PER_MM;
  return (
    <fieldset>
      <legend>{t('placement')}</legend>
      <p>{t('dragHint')}</p>
      {number('page', pdf ? t('pageOf', { n: pdf.numPages }) : t('pageNo'), 1, pages)}
      {number('xMm', t('xMm'), 0, Math.floor(size.widthMm))}
      {number('yMm', t('yMm'), 0, Math.floor(size.heightMm))}
      {pdf ? (
        <div class="anchor-search">
          <label for="anchor-text">{t('anchorText')}</label>
          <input id="anchor-text" type="text" maxLength={100} value={anchor} onInput={(e) => setAnchor(e.currentTarget.value)} />
          <button
            type="button"
            data-action="find-anchor"
            onClick={async () => {
              const hit = await pdf.find(anchor);
              if (!hit) return setAnchorOutcome(t('anchorNotFound', { text: anchor }));
              setAnchorOutcome(t('anchorFound', { text: anchor, page: hit.page }));
              centreAt(hit.page, hit.xMm, hit.yMm);
            }}
          >
            {t('findAnchor')}
          </button>
          {anchorOutcome ? (
            <p role="status" data-anchor-outcome>
              {anchorOutcome}
            </p>
          ) : null}
        </div>
      ) : null}
      <div
        ref={outline}
        class="page-outline"
        data-page-outline
        data-rendered-page={rendered}
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          moveTo(e.clientX, e.clientY);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) moveTo(e.clientX, e.clientY);
        }}
      >
        {pdf ? <canvas ref={canvas} class="page-canvas" role="img" aria-label={t('pageImage', { n: placement.page })} /> : null}
        <svg class="seal-overlay" width={width} height={height} aria-hidden="true">
          {pdf ? null : <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="#fff" stroke="#c9ced6" />}
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
