export { CsrfField, ErrorSummary, Notice, PostButton, SelectInput, TextInput, tx } from './components.tsx';
export { ResidentLayout, StaffLayout } from './layout.tsx';
export { uiMessages } from './messages.ts';
export type { Navigation, PageContext, ServiceLink } from './page-context.ts';
export { ServiceCards } from './service-cards.tsx';
