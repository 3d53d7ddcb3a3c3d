import type { ComponentChildren } from 'preact';

/** The row of filters above a supervisor's table (reports, audit): every change applies at once, nothing submits. */
export function FilterBar({ className, label, children }: { className: string; label: string; children: ComponentChildren }) {
  return (
    <form class={`${className} row`} onSubmit={(e) => e.preventDefault()} aria-label={label}>
      {children}
    </form>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** One choice of a filter bar: its name, then the list. */
export function FilterSelect({ label, value, testId, options, onChange }: {
  label: string;
  value: string;
  testId: string;
  options: FilterOption[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </label>
  );
}

/** A local date of a filter bar (the first or last day of the range). */
export function FilterDate({ label, value, testId, onChange }: { label: string; value: string; testId: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label}{' '}
      <input type="date" value={value} data-testid={testId} onChange={(e) => onChange(e.currentTarget.value)} />
    </label>
  );
}

/** A word to filter by (a label); applied when the field is left or Enter is pressed. */
export function FilterText({ label, value, testId, placeholder, onChange }: {
  label: string;
  value: string;
  testId: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input type="text" value={value} data-testid={testId} placeholder={placeholder} size={12} onChange={(e) => onChange(e.currentTarget.value)} />
    </label>
  );
}
