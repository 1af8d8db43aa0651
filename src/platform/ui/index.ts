export { ChoiceGroup, CsrfField, ErrorSummary, Notice, PostButton, SelectInput, TextArea, TextInput, tx } from './components.tsx';
export { ResidentLayout, StaffLayout } from './layout.tsx';
export { uiMessages } from './messages.ts';
export type { Navigation, PageContext, ServiceLink, SiteBanner } from './page-context.ts';
export { ServiceCards } from './service-cards.tsx';
