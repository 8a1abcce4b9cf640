// Accounts: the search list, or one account's page.
import { useAppState } from '../../app/context';
import { AccountPage } from './AccountPage';
import { AccountSearch } from './AccountSearch';

export function AccountsScreen() {
  const openId = useAppState((s) => s.accounts.openAccountId);
  return openId === null ? <AccountSearch /> : <AccountPage key={openId} accountId={openId} />;
}
