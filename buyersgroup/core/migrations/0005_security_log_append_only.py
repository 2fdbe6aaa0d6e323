"""The security log cannot be altered: PostgreSQL refuses UPDATE and DELETE on it.

Allowed, and nothing else:
* setting ``actor_id`` to NULL with every other column unchanged (a member was
  deleted: ``on_delete=SET_NULL``);
* deleting rows older than the cutoff that ``manage.py prune_security_log``
  declares for its own transaction (``SET LOCAL portal.security_log_prune_before``).
TRUNCATE (the test suite's flush, a restore) is not a row change and is not affected.
"""

from django.db import migrations, models

FORWARD = r"""
CREATE FUNCTION core_securityevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prune_before timestamptz := NULLIF(current_setting('portal.security_log_prune_before', true), '')::timestamptz;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.at, NEW.kind, NEW.email, NEW.ip, NEW.user_agent, NEW.path, NEW.detail)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.kind, OLD.email, OLD.ip, OLD.user_agent, OLD.path, OLD.detail) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND prune_before IS NOT NULL AND OLD.at < prune_before THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the security log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'old events go through manage.py prune_security_log';
END
$$;
CREATE TRIGGER core_securityevent_append_only
    BEFORE UPDATE OR DELETE ON core_securityevent
    FOR EACH ROW EXECUTE FUNCTION core_securityevent_append_only();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS core_securityevent_append_only ON core_securityevent;
DROP FUNCTION IF EXISTS core_securityevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_security_event_kinds")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AlterField(
            model_name='securityevent',
            name='kind',
            field=models.CharField(choices=[('login', 'Logged in'), ('login_failed', 'Failed login'), ('logout', 'Logged out'), ('rate_limited', 'Rate limit reached'), ('password_changed', 'Password changed'), ('password_reset', 'Password reset'), ('email_changed', 'E-mail address changed'), ('mfa_added', 'Two-factor authentication set up'), ('mfa_removed', 'Two-factor authentication removed'), ('mfa_reset', 'Recovery codes regenerated'), ('access_denied', 'Access denied'), ('invitation_sent', 'Invitation sent'), ('invitation_accepted', 'Invitation accepted'), ('invitation_refused', 'Invitation link refused'), ('invitation_revoked', 'Invitation revoked'), ('access_requested', 'Access requested'), ('access_approved', 'Access request approved'), ('access_declined', 'Access request declined'), ('member_deactivated', 'Member deactivated'), ('member_reactivated', 'Member reactivated'), ('role_changed', 'Role changed'), ('transition', 'Review state changed'), ('upload_refused', 'Upload refused'), ('data_exported', 'Personal data downloaded'), ('deletion_requested', 'Account deletion requested'), ('log_pruned', 'Old security events deleted')], db_index=True, max_length=30, verbose_name='event'),
        ),
    ]
