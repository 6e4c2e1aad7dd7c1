import { useEffect, useState } from 'preact/hooks';
import { sm3 } from 'sm-crypto';
import { ApiError, callApi, postJson } from '../shared/api';
import type { ConsoleTranslate } from './console';
import { PinChange } from './pin-change';
import type { PdfView } from './pdf-view';
import { PlacementBox, type Placement } from './placement-box';

interface SealSummary {
  sealId: string;
  sealName?: string;
  kind: string;
  status: string;
}

type Approval = { id: string; state: 'PENDING' | 'APPROVED' | 'REJECTED' | 'USED'; decisionNote?: string };

const POSITION_KINDS = new Set(['LEGAL_REPRESENTATIVE', 'PRINCIPAL', 'FINANCE_OFFICER', 'PERSONAL']);

/**
 * The custodian's (or position-seal holder's) signing journey: pick a PDF, ask for the 用章 approval
 * when the seal needs one, place the seal, enter the PIN, sign, download. The file goes to the server
 * only to be signed; its SM3 (for the approval) is computed here.
 */
export function SignPage({ t, unitId }: { t: ConsoleTranslate; unitId?: string }) {
  const [seals, setSeals] = useState<SealSummary[]>([]);
  const [sealId, setSealId] = useState('');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array; sm3: string }>();
  const [pdf, setPdf] = useState<PdfView>();
  const [purpose, setPurpose] = useState('');
  const [approval, setApproval] = useState<Approval>();
  const [placement, setPlacement] = useState<Placement>({ page: 1, xMm: 30, yMm: 40 });
  const [crossPage, setCrossPage] = useState(false);
  const [pin, setPin] = useState('');
  const [signedUrl, setSignedUrl] = useState<string>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const query = new URLSearchParams({ status: 'ACTIVE', pageSize: '100', ...(unitId ? { unitId } : {}) });
    callApi<{ items: SealSummary[] }>(`/seals?${query}`).then(
      (answer) => {
        setSeals(answer.items);
        if (answer.items[0]) setSealId(answer.items[0].sealId);
      },
      () => setSeals([]),
    );
  }, []);
  const seal = seals.find((s) => s.sealId === sealId);
  const needsApproval = seal !== undefined && !POSITION_KINDS.has(seal.kind);
  const fail = (error: unknown) => setProblem(t('failed', { code: error instanceof ApiError ? error.code : 'NETWORK' }));

  return (
    <section aria-labelledby="sign-title">
      <h2 id="sign-title">{t('signTitle')}</h2>
      <div class="lookup">
        <label for="seal">{t('chooseSeal')}</label>
        <select id="seal" value={sealId} onChange={(e) => setSealId(e.currentTarget.value)}>
          {seals.map((s) => (
            <option key={s.sealId} value={s.sealId}>
              {s.sealName ?? s.kind} ({s.sealId})
            </option>
          ))}
        </select>
        <label for="pdf">{t('choosePdf')}</label>
        <input
          id="pdf"
          type="file"
          accept=".pdf,application/pdf"
          onChange={async (e) => {
            const chosen = e.currentTarget.files?.[0];
            if (!chosen) return;
            const bytes = new Uint8Array(await chosen.arrayBuffer());
            setFile({ name: chosen.name, bytes, sm3: sm3(bytes) });
            setApproval(undefined);
            setSignedUrl(undefined);
            setProblem(undefined);
            void pdf?.destroy();
            setPdf(undefined);
            // The pages are drawn here for placing the seal; a file pdf.js cannot read still goes to the server, which says why.
            // pdf.js is loaded only now, as its own chunk: the rest of the console does not wait for it.
            import('./pdf-view').then((view) => view.openPdfView(bytes)).then(setPdf, () => setProblem(t('pdfUnreadable')));
          }}
        />
        {file ? <p data-file>{t('fileInfo', { name: file.name, sm3: file.sm3 })}</p> : null}
      </div>

      {file && needsApproval ? (
        <div class="lookup" data-approval={approval?.state ?? 'none'}>
          <label for="purpose">{t('requestPurpose')}</label>
          <input id="purpose" type="text" maxLength={200} value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
          {approval === undefined ? (
            <button
              type="button"
              data-action="request-approval"
              onClick={() =>
                postJson<Approval>('/seal-use-requests', { sealId, documentSm3: file.sm3, purpose: purpose || file.name }).then(
                  setApproval,
                  fail,
                )
              }
            >
              {t('requestApproval')}
            </button>
          ) : (
            <>
              <p role="status">
                {approval.state === 'APPROVED'
                  ? t('approvalApproved')
                  : approval.state === 'REJECTED'
                    ? t('approvalRejected', { note: approval.decisionNote ?? '' })
                    : t('approvalPending')}
              </p>
              {approval.state === 'PENDING' ? (
                <button
                  type="button"
                  data-action="check-approval"
                  onClick={() => callApi<Approval>(`/seal-use-requests/${encodeURIComponent(approval.id)}`).then(setApproval, fail)}
                >
                  {t('checkApproval')}
                </button>
              ) : null}
            </>
          )}
        </div>
      ) : null}

      {file && (!needsApproval || approval?.state === 'APPROVED') ? (
        <form
          class="lookup"
          onSubmit={async (e) => {
            e.preventDefault();
            setProblem(undefined);
            try {
              const answer = await postJson<{ signedPdf: string }>('/sign', {
                sealId,
                pin,
                ...(needsApproval ? { approvalId: approval!.id } : {}),
                document: toBase64(file.bytes),
                placement: { page: placement.page, xMm: placement.xMm, yMm: placement.yMm, corner: 'top-left' },
                ...(crossPage ? { crossPage: true } : {}),
              });
              setSignedUrl(URL.createObjectURL(new Blob([fromBase64(answer.signedPdf)], { type: 'application/pdf' })));
              setPin('');
            } catch (error) {
              fail(error);
            }
          }}
        >
          <PlacementBox t={t} pdf={pdf} placement={placement} onChange={setPlacement} />
          <label>
            <input type="checkbox" checked={crossPage} onChange={(e) => setCrossPage(e.currentTarget.checked)} /> {t('crossPage')}
          </label>
          <label for="pin">{t('pin')}</label>
          <input
            id="pin"
            type="password"
            inputMode="numeric"
            autocomplete="off"
            required
            pattern="\d{6,16}"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
          <button type="submit">{t('sign')}</button>
        </form>
      ) : null}

      {signedUrl ? (
        <p role="status" data-signed>
          {t('signed')}{' '}
          <a href={signedUrl} download={file!.name.replace(/\.pdf$/i, '') + '-signed.pdf'} data-download="signed">
            {t('download')}
          </a>
        </p>
      ) : null}
      {problem ? (
        <p role="alert" class="error" data-problem>
          {problem}
        </p>
      ) : null}
      {sealId ? <PinChange t={t} sealId={sealId} /> : null}
    </section>
  );
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
