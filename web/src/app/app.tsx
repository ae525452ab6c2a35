import { I18nProvider } from '../shared/i18n/index.ts';
import { AppShell } from './app-shell.tsx';

export function App() {
  return (
    <I18nProvider>
      <AppShell />
    </I18nProvider>
  );
}
