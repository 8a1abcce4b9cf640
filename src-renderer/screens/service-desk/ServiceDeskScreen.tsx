// The service desk (Alt+S): the clerk's intake flows, one tab each — New service, Transfer, Stop,
// Close-out —
// each by keyboard (Left/Right between tabs, Enter in a field submits) ending in the printed
// confirmation of the request.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CloseOutPanel } from './CloseOutPanel';
import { NewServicePanel } from './NewServicePanel';
import { StopPanel } from './StopPanel';
import { TransferPanel } from './TransferPanel';
import './service-desk.css';

const TABS = [
  { id: 'new-service', label: 'New service', Panel: NewServicePanel },
  { id: 'transfer', label: 'Transfer', Panel: TransferPanel },
  { id: 'stop', label: 'Stop', Panel: StopPanel },
  { id: 'close-out', label: 'Close-out', Panel: CloseOutPanel },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function ServiceDeskScreen() {
  const [tab, setTab] = useState<TabId>('new-service');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]!.id);
    tabRefs.current[TABS[next]!.id]?.focus();
  }

  const current = TABS.find((t) => t.id === tab)!;
  return (
    <div className="screen service-desk">
      <h1 ref={headingRef} tabIndex={-1}>
        Service desk
      </h1>
      <div role="tablist" aria-label="Service desk flows" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`sd-tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls={`sd-panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={onKeyDown}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`sd-panel-${current.id}`} aria-labelledby={`sd-tab-${current.id}`}>
        <current.Panel key={current.id} />
      </div>
    </div>
  );
}
