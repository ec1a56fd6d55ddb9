/**
 * The first-response deadline a case was given when it came to its office (routing, or a hand-over
 * to another office). An office calendar or SLA change recounts waiting cases' deadlines in the new
 * calendar, and until now moved them only ever later: a holiday added by mistake and removed again
 * left every waiting case due a day late for good. Deadlines now follow the calendar both ways, but
 * never earlier than this one, so a case on time under the rules it arrived with is not breached at
 * once by a shorter SLA or longer hours — and that needs the deadline it arrived with kept.
 *
 * No backfill: cases from before keep null, and a calendar change takes their current deadline
 * as the one given (and records it) — the best value there is: routing never recorded the first
 * one, and an earlier calendar change may have moved it later since; such a case keeps that later
 * deadline as its floor (as it would have before), every other case has exactly its first one.
 * Writing it into every case with a deadline would rewrite most of `cases` (and every index of it)
 * at start-up for no difference in behaviour.
 *
 * The check: the deadline is never earlier than the one given (every writer keeps it so), and no
 * given deadline without a deadline. Written by hand.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const GIVEN_DUE = `"first_response_given_due_at" IS NULL
  OR ("first_response_due_at" IS NOT NULL AND "first_response_due_at" >= "first_response_given_due_at")`;

export class FirstResponseGivenDue1795832700000 implements MigrationInterface {
  name = 'FirstResponseGivenDue1795832700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "first_response_given_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_given_due" CHECK (${GIVEN_DUE})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_given_due"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "first_response_given_due_at"`);
  }
}
