// Bank-draft IPC handlers: enrolments (masked; reveal audited), the bank settings, the prenote
// run and debit files (written atomically to the draft folder after the commit), posting a
// settled file and importing returns. The key file is opened on first use; it is created only
// while no bank account number is stored yet, so a lost key is reported, not replaced.
import type { DraftFileResult, DraftSettings } from '../../../src-shared/ipc/export-schemas';
import { nodeExportFs, thisProcess, writeFileAtomic, type ExportFs, type WriterIdentity } from '../../export/atomic';
import { recordAudit } from '../audit';
import { ensureBusinessDay } from '../counter/day';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { formatTownTime } from '../town-time';
import { localHhmm } from '../export/local-time';
import { readExportSettings } from '../export/settings';
import { endEnrolment, enroll, enrolmentView, getEnrolment, listEnrolments, revealBankAccount } from './enrolments';
import { createDebitFile, getDraftFile, listDraftFiles, postDraftFile, rebuildDraftFile, runPrenotes, type BuiltDraftFile } from './files';
import type { Keyring } from './keyring';
import { createSecrets, type Secrets } from '../secrets';
import { importReturns } from './returns';
import { draftFileHeader, readDraftSettings, writeDraftSettings } from './settings';

type DraftMethods =
  | 'drafts.getSettings'
  | 'drafts.updateSettings'
  | 'drafts.enroll'
  | 'drafts.cancel'
  | 'drafts.list'
  | 'drafts.revealAccountNumber'
  | 'drafts.prenoteRun'
  | 'drafts.createFile'
  | 'drafts.files'
  | 'drafts.fileContent'
  | 'drafts.post'
  | 'drafts.importReturns';

export interface DraftsDeps {
  /** The key file for bank account numbers (outside the ledger); null: drafts are unavailable. */
  keyFile: string | null;
  /** The shared keyring (secrets.ts); made from keyFile when absent. */
  secrets?: Secrets;
  fs?: ExportFs;
  identity?: WriterIdentity;
}

export function draftsHandlers(env: CoreEnv, deps: DraftsDeps): Pick<Handlers, DraftMethods> {
  const { db } = env;
  const fs = deps.fs ?? nodeExportFs;
  const me = deps.identity ?? thisProcess();
  // The key is shared with the customers' tax ids (secrets.ts): one key file, created only while nothing is encrypted.
  const secrets = deps.secrets ?? env.secrets ?? createSecrets(db, deps.keyFile);
  const keys = (mayCreate: boolean): Keyring => {
    if (!secrets.keyFile) throw new CoreError('KEY_UNAVAILABLE', 'No key file is configured for bank account numbers (set TOWNCOUNTER_KEY_FILE).');
    return secrets.keyring(mayCreate);
  };

  const fileContext = () => {
    const now = env.clock.now();
    return { at: env.nowIso(), today: env.today(), hhmm: localHhmm(now, env.settings().timeZone) };
  };

  const deliver = async (built: BuiltDraftFile | null, skipped: DraftFileResult['skipped']): Promise<DraftFileResult> => {
    if (!built) return { file: null, content: null, writtenTo: null, writeError: null, skipped };
    const folder = readDraftSettings(db).folder ?? readExportSettings(db).folder;
    if (!folder) return { file: built.file, content: built.content, writtenTo: null, writeError: 'No folder is set for NACHA files (drafts or export settings); save the file from here.', skipped };
    try {
      const writtenTo = await writeFileAtomic(fs, folder, built.file.fileName, Buffer.from(built.content, 'ascii'), me);
      return { file: built.file, content: built.content, writtenTo, writeError: null, skipped };
    } catch (err) {
      return { file: built.file, content: built.content, writtenTo: null, writeError: (err as Error).message, skipped };
    }
  };

  return {
    'drafts.getSettings': () => readDraftSettings(db),

    'drafts.updateSettings': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const before = readDraftSettings(db);
        const after: DraftSettings = { ...before, ...input.values };
        writeDraftSettings(db, after);
        const changed = (Object.keys(input.values) as Array<keyof DraftSettings>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'drafts.settings.update',
          reason: input.reason,
          details: { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
        });
        return after;
      })();
    },

    'drafts.enroll': (input, ctx) => {
      const s = signedIn(ctx);
      const k = keys(true);
      return db.transaction(() => {
        const id = enroll(db, k, input, { userId: s.user.id, station: s.station, at: env.nowIso(), today: env.today(), prenote: readDraftSettings(db).prenote });
        return enrolmentView(getEnrolment(db, id));
      })();
    },

    'drafts.cancel': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const e = getEnrolment(db, input.enrolmentId);
        if (e.status === 'ended') throw new CoreError('CONFLICT', `Enrolment ${e.id} already ended on ${formatTownTime(e.ended_at ?? '', env.settings().timeZone)}.`);
        endEnrolment(db, e.id, `Cancelled: ${input.reason}`, { userId: s.user.id, at: env.nowIso() });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.cancel', subject: e.account_number, reason: input.reason, details: { enrolmentId: e.id, bankAccountLast4: e.bank_account_last4 } });
        return enrolmentView(getEnrolment(db, e.id));
      })();
    },

    'drafts.list': (input) => ({ enrolments: listEnrolments(db, input) }),

    'drafts.revealAccountNumber': (input, ctx) => {
      const s = signedIn(ctx);
      const e = getEnrolment(db, input.enrolmentId);
      const number = revealBankAccount(keys(false), e);
      db.transaction(() =>
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.reveal', subject: e.account_number, reason: input.reason, details: { enrolmentId: e.id, bankAccountLast4: e.bank_account_last4 } }),
      )();
      return { enrolmentId: e.id, bankAccountNumber: number };
    },

    'drafts.prenoteRun': async (_input, ctx) => {
      const s = signedIn(ctx);
      const header = draftFileHeader(readDraftSettings(db), env.settings().townName);
      const k = keys(false);
      const built = db.transaction(() => {
        const b = runPrenotes(db, k, header, { userId: s.user.id, ...fileContext() });
        if (b) recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.prenoteRun', subject: b.file.fileName, details: { fileId: b.file.id, entries: b.file.entryCount, effectiveDate: b.file.effectiveDate, sha256: b.file.sha256 } });
        return b;
      })();
      return deliver(built, []);
    },

    'drafts.createFile': async (input, ctx) => {
      const s = signedIn(ctx);
      const header = draftFileHeader(readDraftSettings(db), env.settings().townName);
      const k = keys(false);
      const { built, skipped } = db.transaction(() => {
        const r = createDebitFile(db, k, header, input.draftDate, { userId: s.user.id, ...fileContext() });
        if (r.built) {
          const f = r.built.file;
          recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.createFile', subject: f.fileName, details: { fileId: f.id, draftDate: input.draftDate, effectiveDate: f.effectiveDate, entries: f.entryCount, totalDebitCents: f.totalDebitCents, sha256: f.sha256 } });
        }
        return r;
      })();
      return deliver(built, skipped);
    },

    'drafts.files': (input) => ({ files: listDraftFiles(db, input.limit) }),

    'drafts.fileContent': (input, ctx) => {
      const s = signedIn(ctx);
      const built = rebuildDraftFile(db, keys(false), input.fileId);
      db.transaction(() => recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.fileContent', subject: built.file.fileName, details: { fileId: built.file.id } }))();
      return built;
    },

    'drafts.post': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const businessDate = ensureBusinessDay(db, s.user.id, env.today(), env.nowIso());
        const r = postDraftFile(db, input.fileId, { userId: s.user.id, station: s.station, businessDate, postedAt: env.nowIso(), today: env.today(), settings: env.settings() });
        const file = getDraftFile(db, input.fileId);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drafts.post', subject: file.fileName, details: { fileId: file.id, businessDate, ...r } });
        return { file, ...r };
      })();
    },

    'drafts.importReturns': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const r = importReturns(db, input.content, {
          userId: s.user.id,
          approvedBy: s.user.id,
          station: s.station,
          postedAt: env.nowIso(),
          returnedOn: input.receivedOn ?? env.today(),
          feeCents: env.settings().returnedCheckFeeCents,
          businessDate: () => ensureBusinessDay(db, s.user.id, env.today(), env.nowIso()),
        });
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'drafts.importReturns',
          details: { returns: r.returns.map((x) => ({ trace: x.traceNumber, code: x.returnCode, action: x.action })), notices: r.notices.length, unmatched: r.unmatched.length },
        });
        return r;
      })();
    },
  };
}
