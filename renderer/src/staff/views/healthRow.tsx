// One row of the health view: what is checked, ✓ / ✗ / – (nothing to judge), and the reading.
export function healthRow(id: string, label: string, value: string, ok: boolean | null) {
  return (
    <tr key={id} data-health={id} className={ok === null ? 'idle' : ok ? 'ok' : 'bad'}><th>{label}</th><td>{ok === null ? '–' : ok ? '✓' : '✗'}</td><td>{value}</td></tr>
  );
}
