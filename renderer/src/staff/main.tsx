// Staff screen entry: the operator's window (second monitor) or the page a paired tablet opens.
import { createRoot } from 'react-dom/client';
import '../../../resources/fonts/kioskFonts.css';
import './staff.css';
import { connectStaff } from './staffClient.ts';
import { StaffApp } from './StaffApp.tsx';

createRoot(document.getElementById('root') as HTMLElement).render(<StaffApp client={connectStaff()} />);
