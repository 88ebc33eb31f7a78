using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentLedgerProgramChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_consent_events_phone_purpose_id",
                table: "consent_events");

            migrationBuilder.AddColumn<string>(
                name: "hash",
                table: "consent_events",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_hash",
                table: "consent_events",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "program",
                table: "consent_events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.CreateIndex(
                name: "ix_consent_events_program_phone_id",
                table: "consent_events",
                columns: new[] { "program", "phone", "id" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_consent_events_program_phone_purpose_occurred_at_id",
                table: "consent_events",
                columns: new[] { "program", "phone", "purpose", "occurred_at", "id" },
                descending: new[] { false, false, false, true, true });

            migrationBuilder.Sql(ChainSql);
        }

        // The hash chain, the tightened append-only trigger and the purge role. Existing rows keep every
        // field and id; they only gain program 'default' (the column's default) and their chain, computed
        // per (program, phone) in id order (the order they were recorded) with the same function new rows
        // use. The update runs with the append-only trigger disabled inside this migration's transaction.
        private const string ChainSql = """
            CREATE FUNCTION consent_event_field(value text) RETURNS text
                LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(octet_length(value)::text || ':' || value, '-') $$;

            -- Byte for byte the same as ConsentEventHash.Canonical (documented in docs/compliance/tcpa-controls.md).
            CREATE FUNCTION consent_event_hash(e consent_events, previous_hash text) RETURNS text
                LANGUAGE sql STABLE AS $$
                SELECT encode(sha256(convert_to(concat_ws(E'\n',
                    'consent-event-v1',
                    consent_event_field(e.id::text),
                    consent_event_field(e.program),
                    consent_event_field(e.phone),
                    consent_event_field(e.purpose),
                    consent_event_field(e.kind),
                    consent_event_field(((extract(epoch FROM e.occurred_at) * 1000000)::bigint)::text),
                    consent_event_field(((extract(epoch FROM e.recorded_at) * 1000000)::bigint)::text),
                    consent_event_field(e.source),
                    consent_event_field(e.source_url),
                    consent_event_field(e.opt_in_message),
                    consent_event_field(e.text_received),
                    consent_event_field(e.inbound_message_sid),
                    consent_event_field(e.ip_address),
                    consent_event_field(e.user_agent),
                    consent_event_field(e.captured_by),
                    consent_event_field(e.note),
                    consent_event_field(previous_hash)), 'UTF8')), 'hex')
                $$;

            ALTER TABLE consent_events DISABLE TRIGGER consent_events_append_only;
            DO $$
            DECLARE
                r consent_events;
                chain_program text := NULL;
                chain_phone text := NULL;
                previous text := NULL;
            BEGIN
                FOR r IN SELECT * FROM consent_events ORDER BY program, phone, id LOOP
                    IF chain_program IS DISTINCT FROM r.program OR chain_phone IS DISTINCT FROM r.phone THEN
                        previous := NULL;
                        chain_program := r.program;
                        chain_phone := r.phone;
                    END IF;
                    r.previous_hash := previous;
                    r.hash := consent_event_hash(r, previous);
                    UPDATE consent_events SET previous_hash = r.previous_hash, hash = r.hash WHERE id = r.id;
                    previous := r.hash;
                END LOOP;
            END;
            $$;
            ALTER TABLE consent_events ENABLE TRIGGER consent_events_append_only;
            ALTER TABLE consent_events ALTER COLUMN hash SET NOT NULL;

            -- Each new event is chained to the previous event of its program and number. The advisory lock
            -- (held to the end of the inserting transaction) serialises writers of the same program and
            -- number, so two concurrent writes can never name the same predecessor; the id is drawn after
            -- the lock is taken, so id order is chain order. Whatever the client sent for id, hash and
            -- previous_hash is replaced. Custom plans: a plan cached while the table was small (a
            -- sequential scan) would otherwise be reused as it grows; measured, 200,000 rows in one insert
            -- went from quadratic (over 10 minutes, not finished) to about 5 seconds per 20,000.
            CREATE FUNCTION consent_events_chain() RETURNS trigger LANGUAGE plpgsql
                SET plan_cache_mode = force_custom_plan AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtextextended('consent_events:' || NEW.program || ':' || NEW.phone, 0));
                NEW.id := nextval(pg_get_serial_sequence('consent_events', 'id'));
                SELECT c.hash INTO NEW.previous_hash FROM consent_events c
                    WHERE c.program = NEW.program AND c.phone = NEW.phone
                    ORDER BY c.id DESC LIMIT 1;
                NEW.hash := consent_event_hash(NEW, NEW.previous_hash);
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER consent_events_chain
                BEFORE INSERT ON consent_events
                FOR EACH ROW EXECUTE FUNCTION consent_events_chain();

            -- Only the retention purge deletes, and only as its own role (SET LOCAL ROLE
            -- notifications_consent_purge, granted to the account that runs it): a session setting anyone
            -- can set no longer opens the ledger. Nothing updates, and TRUNCATE is refused outright.
            CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND current_user = 'notifications_consent_purge' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION 'consent_events is append-only (% refused)', TG_OP;
            END;
            $$;
            CREATE TRIGGER consent_events_no_truncate
                BEFORE TRUNCATE ON consent_events
                FOR EACH STATEMENT EXECUTE FUNCTION consent_events_append_only();

            -- The purge role, when the migrating account may create roles (otherwise a DBA creates it;
            -- without it nothing can delete from the ledger).
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'notifications_consent_purge') THEN
                    CREATE ROLE notifications_consent_purge NOLOGIN;
                END IF;
                GRANT notifications_consent_purge TO CURRENT_USER;
                GRANT SELECT, DELETE ON consent_events TO notifications_consent_purge;
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'notifications_consent_purge not created: the retention purge cannot delete consent events until it is';
            END;
            $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER consent_events_no_truncate ON consent_events;
                DROP TRIGGER consent_events_chain ON consent_events;
                DROP FUNCTION consent_events_chain();
                DROP FUNCTION consent_event_hash(consent_events, text);
                DROP FUNCTION consent_event_field(text);
                CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' AND current_setting('notifications.retention_purge', true) = 'on' THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'consent_events is append-only (% refused)', TG_OP;
                END;
                $$;
                """);

            migrationBuilder.DropIndex(
                name: "ix_consent_events_program_phone_id",
                table: "consent_events");

            migrationBuilder.DropIndex(
                name: "ix_consent_events_program_phone_purpose_occurred_at_id",
                table: "consent_events");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "consent_events");

            migrationBuilder.DropColumn(
                name: "previous_hash",
                table: "consent_events");

            migrationBuilder.DropColumn(
                name: "program",
                table: "consent_events");

            migrationBuilder.CreateIndex(
                name: "ix_consent_events_phone_purpose_id",
                table: "consent_events",
                columns: new[] { "phone", "purpose", "id" },
                descending: new[] { false, false, true });
        }
    }
}
