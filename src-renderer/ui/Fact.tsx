// One labelled figure of a facts list (<dl>): <div><dt>label</dt><dd>value</dd></div>.
import type { ReactNode } from 'react';

export function Fact({ label, className, children }: { label: string; className?: string; children?: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}
