// Cut-off notices IPC handlers: the contract's doorway to cutoff-notices.ts. Issuing writes in
// short transactions, each with its audit row; the screen polls collections.cutoffNotices.status
// for progress meanwhile. The PDF is streamed page by page into the reply (one part at a time).
import { PassThrough } from 'node:stream';
import type { NoticeBatchView } from '../../../src-shared/ipc/notices-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { issueCutoffNotices, noticeBatchStatus, noticeDateProblem, streamNoticesPdf } from './cutoff-notices';

type NoticeMethods = 'collections.cutoffNotices.issue' | 'collections.cutoffNotices.status' | 'collections.cutoffNotices.pdf' | 'collections.cutoffNotices.ofAccount';

function batchView(db: Db, listId: number, today: string, cutoffNoticeDays: number): NoticeBatchView {
  const s = noticeBatchStatus(db, listId);
  return { ...s, problemToday: noticeDateProblem(s.cutoffDate, today, { cutoffNoticeDays }) };
}

export function noticesHandlers(env: CoreEnv): Pick<Handlers, NoticeMethods> {
  const { db } = env;
  const town = () => {
    const st = env.settings();
    return { name: st.townName, address: st.townAddress, phone: st.townPhone, timeZone: st.timeZone };
  };

  return {
    'collections.cutoffNotices.issue': async (input, ctx) => {
      const s = signedIn(ctx);
      const st = env.settings();
      const at = env.nowIso();
      const { issued } = await issueCutoffNotices(db, {
        listId: input.listId,
        mailedOn: input.mailedOn,
        today: env.today(),
        settings: st,
        at,
        userId: s.user.id,
        onChunk: (letterIds) =>
          recordAudit(db, { at, userId: s.user.id, station: s.station, action: 'collections.cutoffNotices.issue', subject: `${letterIds.length} cut-off notices, list ${input.listId}`, details: { listId: input.listId, mailedOn: input.mailedOn, letterIds } }),
      });
      return { issuedNow: issued, batch: batchView(db, input.listId, env.today(), st.cutoffNoticeDays) };
    },

    'collections.cutoffNotices.status': (input) => batchView(db, input.listId, env.today(), env.settings().cutoffNoticeDays),

    'collections.cutoffNotices.pdf': async (input) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const r = await streamNoticesPdf(db, input.listId, town(), out, { part: input.part ?? 1 });
      const list = noticeBatchStatus(db, input.listId);
      const suffix = r.parts > 1 ? `-part${String(input.part ?? 1).padStart(2, '0')}` : '';
      return { filename: `cutoff-notices-${list.cutoffDate}-list${input.listId}${suffix}.pdf`, contentBase64: Buffer.concat(chunks).toString('base64'), pages: r.pages };
    },

    'collections.cutoffNotices.ofAccount': (input) => {
      const rows = db
        .prepare(
          `SELECT l.id, l.details, l.language, l.created_at, u.display_name AS created_by FROM letters l LEFT JOIN users u ON u.id = l.created_by
            WHERE l.account_id = ? AND l.kind = 'cutoff_notice' ORDER BY l.created_at DESC, l.id DESC`,
        )
        .all(input.accountId) as Array<{ id: number; details: string; language: 'en' | 'es'; created_at: string; created_by: string | null }>;
      return {
        notices: rows.map((r) => {
          const d = JSON.parse(r.details) as { listId: number; cutoffDate: string; mailedOn: string; pastDueCents: number };
          return { letterId: r.id, listId: d.listId, cutoffDate: d.cutoffDate, mailedOn: d.mailedOn, pastDueCents: d.pastDueCents, language: r.language, createdAt: r.created_at, createdBy: r.created_by };
        }),
      };
    },
  };
}
