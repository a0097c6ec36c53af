import type { CallResult } from '../../../src-shared/contract/app-error';
import type { EventPayload } from '../../../src-shared/contract/channels';
import type { ExportSummary } from '../../../src-shared/export/export-results';

// sessions.export in a browser (the web host): the browser downloads the file itself, streamed,
// under the export's name. A download the page starts cannot carry the token, so the bridge asks
// the host for a one-time link with it (POST /api/export), then clicks that link; the host streams
// the engine's output into the download. The call resolves when the engine's export.finished
// event for this export arrives (through the event stream, which is connected first).

export interface WebExportDeps {
  origin: string;
  token: string;
  /** Resolves once the event stream is connected, so export.finished cannot be missed. */
  eventsReady: () => Promise<void>;
  onFinished: (listener: (payload: EventPayload<'export.finished'>) => void) => () => void;
  readAnswer: (status: number, text: string) => CallResult<unknown>;
  /** Starts the browser's download of `url` (an anchor click). */
  download?: (url: string, fileName: string) => void;
}

export async function exportByDownload(
  deps: WebExportDeps,
  input: unknown,
): Promise<CallResult<ExportSummary>> {
  const exportId = (input as { export_id?: unknown } | null)?.export_id;
  await deps.eventsReady();
  let stop: () => void = () => undefined;
  const finished = new Promise<EventPayload<'export.finished'>>((resolve) => {
    stop = deps.onFinished((payload) => {
      if (payload.export_id === exportId) resolve(payload);
    });
  });
  try {
    let ticket: CallResult<unknown>;
    try {
      const response = await fetch(`${deps.origin}/api/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.token}` },
        body: JSON.stringify(input ?? {}),
      });
      ticket = deps.readAnswer(response.status, await response.text());
    } catch (error) {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Session Desk's local host did not answer (${String(error)}).`,
        },
      };
    }
    if (!ticket.ok) return ticket;
    const { url, file_name: fileName } = ticket.value as { url: string; file_name: string };
    (deps.download ?? clickDownload)(`${deps.origin}${url}`, fileName);
    const outcome = await finished;
    return outcome.ok ? { ok: true, value: outcome.summary } : { ok: false, error: outcome.error };
  } finally {
    stop();
  }
}

function clickDownload(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
