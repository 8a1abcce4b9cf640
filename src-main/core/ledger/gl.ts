// GL account codes the core posts to. The chart itself lives in the ledger (gl_accounts);
// these are the fixed roles the code needs.
import type { Service } from '../../../src-shared/domain';

export const GL = {
  cash: '1010',
  checks: '1020',
  cardClearing: '1030',
  moneyOrders: '1040',
  remittances: '1050',
  draftClearing: '1060',
  transferClearing: '1090',
  receivables: '1200',
  customerDeposits: '2200',
  departmentalDeposits: '2300',
  refundsPayable: '2400',
  conversion: '3900',
  penalties: '4200',
  fees: '4210',
  badDebt: '5200',
  overShort: '5900',
} as const;

export const SERVICE_GL: Record<Service, string> = {
  water: '4100',
  sewer: '4110',
  electric: '4120',
  solid_waste: '4130',
  stormwater: '4140',
};
