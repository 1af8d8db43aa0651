/**
 * The realistic forms of the demo catalog, by procedure slug. 児童手当の認定請求 and 住民票の写し
 * live in demo-forms.ts; every other seeded procedure has its own form here.
 */
import type { FormDefinition } from '../form-definition.ts';
import {
  careCertificationAfterMoveForm,
  careCertificationChangeForm,
  careCertificationForm,
  careCertificationRenewalForm,
  careCopaymentCardReissueForm,
  careCostLimitForm,
  careInsuranceCardReissueForm,
  carePlanRequestForm,
  highCostCareBenefitForm,
  homeModificationForm,
  welfareEquipmentPurchaseForm,
} from './care.ts';
import {
  childAllowanceChangeForm,
  childAllowanceDonationChangeForm,
  childAllowanceDonationForm,
  childAllowanceEndForm,
  childAllowanceRevisionForm,
  childAllowanceStatusForm,
  childAllowanceUnpaidForm,
  schoolLunchDeductionChangeForm,
  schoolLunchDeductionForm,
} from './child-allowance.ts';
import { childcareCertificationForm, childRearingAllowanceStatusForm, nurseryApplicationForm, nurseryStatusForm, pregnancyNotificationForm } from './childcare.ts';
import { disasterCertificateForm } from './disaster.ts';

export const catalogForms: Readonly<Record<string, FormDefinition>> = {
  'child-allowance-revision': childAllowanceRevisionForm,
  'child-allowance-change': childAllowanceChangeForm,
  'child-allowance-end': childAllowanceEndForm,
  'child-allowance-unpaid': childAllowanceUnpaidForm,
  'child-allowance-donation': childAllowanceDonationForm,
  'child-allowance-donation-change': childAllowanceDonationChangeForm,
  'school-lunch-deduction': schoolLunchDeductionForm,
  'school-lunch-deduction-change': schoolLunchDeductionChangeForm,
  'child-allowance-status': childAllowanceStatusForm,
  'childcare-certification': childcareCertificationForm,
  'nursery-application': nurseryApplicationForm,
  'nursery-status': nurseryStatusForm,
  'child-rearing-allowance-status': childRearingAllowanceStatusForm,
  'pregnancy-notification': pregnancyNotificationForm,
  'care-certification': careCertificationForm,
  'care-certification-renewal': careCertificationRenewalForm,
  'care-certification-change': careCertificationChangeForm,
  'care-plan-request': carePlanRequestForm,
  'care-copayment-card-reissue': careCopaymentCardReissueForm,
  'care-insurance-card-reissue': careInsuranceCardReissueForm,
  'high-cost-care-benefit': highCostCareBenefitForm,
  'care-cost-limit': careCostLimitForm,
  'welfare-equipment-purchase': welfareEquipmentPurchaseForm,
  'home-modification': homeModificationForm,
  'care-certification-after-move': careCertificationAfterMoveForm,
  'disaster-certificate': disasterCertificateForm,
};
