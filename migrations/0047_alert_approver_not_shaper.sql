-- Emergency alerts (ADR 45, amended): the approver of a message is a second person only if they did
-- not write, edit or submit it. 0045's CHECK refuses approver = author; a CHECK cannot read the
-- message's events, so this trigger refuses an approver who drafted, edited or submitted the message
-- (alert_events, the same actions as SHAPING_ACTIONS in alerts.service.ts). The service refuses first,
-- with a message saying why; this is the database's own guard. SQLSTATE 23514 like the CHECK.
CREATE FUNCTION alerts_approver_not_shaper() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM alert_events e
     WHERE e.tenant_id = NEW.tenant_id AND e.alert_id = NEW.id AND e.actor_id = NEW.approver_id
       AND e.action IN ('draft', 'draft_update', 'draft_cancel', 'edit', 'submit')
  ) THEN
    RAISE EXCEPTION 'alerts: % wrote, edited or submitted alert % and cannot approve it', NEW.approver_id, NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER alerts_approver_not_shaper BEFORE INSERT OR UPDATE OF approver_id ON alerts
  FOR EACH ROW WHEN (NEW.approver_id IS NOT NULL)
  EXECUTE FUNCTION alerts_approver_not_shaper();
