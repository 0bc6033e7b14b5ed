import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795597431195 implements MigrationInterface {
  name = 'InitialSchema1795597431195';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tools" ("id" character varying(36) NOT NULL, "name" character varying(255) NOT NULL, "original_name" character varying(255) NOT NULL, "url" text, "description" text, "integration_type" character varying(16) NOT NULL DEFAULT 'REST', "request_type" character varying(32) NOT NULL DEFAULT 'POST', "headers" text, "input_schema" text NOT NULL, "output_schema" text, "annotations" text, "jsonpath_filter" text, "auth_type" character varying(32), "auth_value" text, "gateway_id" character varying(36), "is_active" boolean NOT NULL DEFAULT true, "reachable" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_e23d56734caad471277bad8bf85" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d95e4bbca1f6fffc98a6cf1297" ON "tools"  ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a83f7d1cae541a13495f53399" ON "tools"  ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "resources" ("id" SERIAL NOT NULL, "uri" character varying(767) NOT NULL, "name" character varying(255) NOT NULL, "description" text, "mime_type" character varying(255), "uri_template" text, "text_content" text, "binary_content" text, "size" integer NOT NULL DEFAULT '0', "gateway_id" character varying(36), "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_632484ab9dff41bba94f9b7c85e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_53f3eda853cc10d5cdd1cf17af" ON "resources"  ("uri") `);
    await queryRunner.query(`CREATE INDEX "IDX_315f42b041061ccd53571f61a1" ON "resources"  ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "prompts" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "original_name" character varying(255) NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "version" integer NOT NULL DEFAULT '1', "gateway_id" character varying(36), "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_21f33798862975179e40b216a1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_96fcaf54574ec6ccf23491c27e" ON "prompts"  ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_5d4dd80a65d7174725c116969a" ON "prompts"  ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "prompt_versions" ("id" SERIAL NOT NULL, "prompt_id" integer NOT NULL, "version" integer NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_5411972c2e9c63bd40530b80545" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5c368ac5dcdd324dd980f43fcd" ON "prompt_versions"  ("prompt_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "roots" ("uri" character varying(767) NOT NULL, "name" character varying(255), "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_218f0737653d358ecae1b4f6dad" PRIMARY KEY ("uri"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "servers" ("id" character varying(36) NOT NULL, "name" character varying(255) NOT NULL, "description" text, "icon" text, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_c0947efd9f3db2dcc010164d20b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_555671bf0b4b7ec59c9985532e" ON "servers"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "gateways" ("id" character varying(36) NOT NULL, "name" character varying(255) NOT NULL, "slug" character varying(255) NOT NULL, "url" text NOT NULL, "description" text, "transport" character varying(32) NOT NULL DEFAULT 'SSE', "capabilities" text, "auth_type" character varying(32), "auth_value" text, "is_active" boolean NOT NULL DEFAULT true, "reachable" boolean NOT NULL DEFAULT true, "consecutive_failures" integer NOT NULL DEFAULT '0', "last_error" text, "last_seen" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_b53153080a6907017cf44cb7f58" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5e8b05b97a67943d4dab35a26a" ON "gateways"  ("name") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b84a70f15281ab2d0a52c78374" ON "gateways"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "entity_metrics" ("entity_type" character varying(16) NOT NULL, "entity_id" character varying(64) NOT NULL, "total_executions" integer NOT NULL DEFAULT '0', "successful_executions" integer NOT NULL DEFAULT '0', "failed_executions" integer NOT NULL DEFAULT '0', "min_response_time" double precision, "max_response_time" double precision, "total_response_time" double precision NOT NULL DEFAULT '0', "last_execution_time" TIMESTAMP, "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ba7ba4aa4a74f4fc4ee96f7e93c" PRIMARY KEY ("entity_type", "entity_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "server_tools" ("server_id" character varying(36) NOT NULL, "tool_id" character varying(36) NOT NULL, CONSTRAINT "PK_a793b20f5cb69d5390801eada0a" PRIMARY KEY ("server_id", "tool_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c985f08a019e2d32447ca58957" ON "server_tools"  ("server_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_75230ffd7c7854b21db99e0f09" ON "server_tools"  ("tool_id") `);
    await queryRunner.query(
      `CREATE TABLE "server_resources" ("server_id" character varying(36) NOT NULL, "resource_id" integer NOT NULL, CONSTRAINT "PK_4e4e951d4398a7e37cac62bb27b" PRIMARY KEY ("server_id", "resource_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b535040665a0535c19e70437e4" ON "server_resources"  ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ea18b9dc0a875db1757da56262" ON "server_resources"  ("resource_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "server_prompts" ("server_id" character varying(36) NOT NULL, "prompt_id" integer NOT NULL, CONSTRAINT "PK_3d6c542ef9abca1b1cda3e63db7" PRIMARY KEY ("server_id", "prompt_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b84c5120a3ddd729b6d142cc9a" ON "server_prompts"  ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4dd0e7735fa15d7bf3a596e749" ON "server_prompts"  ("prompt_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "prompt_versions" ADD CONSTRAINT "FK_504d9127713c34218c85bcd6ab9" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_tools" ADD CONSTRAINT "FK_c985f08a019e2d32447ca589574" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_tools" ADD CONSTRAINT "FK_75230ffd7c7854b21db99e0f09b" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_resources" ADD CONSTRAINT "FK_b535040665a0535c19e70437e44" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_resources" ADD CONSTRAINT "FK_ea18b9dc0a875db1757da562623" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_prompts" ADD CONSTRAINT "FK_b84c5120a3ddd729b6d142cc9a8" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_prompts" ADD CONSTRAINT "FK_4dd0e7735fa15d7bf3a596e749b" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "server_prompts" DROP CONSTRAINT "FK_4dd0e7735fa15d7bf3a596e749b"`);
    await queryRunner.query(`ALTER TABLE "server_prompts" DROP CONSTRAINT "FK_b84c5120a3ddd729b6d142cc9a8"`);
    await queryRunner.query(
      `ALTER TABLE "server_resources" DROP CONSTRAINT "FK_ea18b9dc0a875db1757da562623"`,
    );
    await queryRunner.query(
      `ALTER TABLE "server_resources" DROP CONSTRAINT "FK_b535040665a0535c19e70437e44"`,
    );
    await queryRunner.query(`ALTER TABLE "server_tools" DROP CONSTRAINT "FK_75230ffd7c7854b21db99e0f09b"`);
    await queryRunner.query(`ALTER TABLE "server_tools" DROP CONSTRAINT "FK_c985f08a019e2d32447ca589574"`);
    await queryRunner.query(`ALTER TABLE "prompt_versions" DROP CONSTRAINT "FK_504d9127713c34218c85bcd6ab9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4dd0e7735fa15d7bf3a596e749"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b84c5120a3ddd729b6d142cc9a"`);
    await queryRunner.query(`DROP TABLE "server_prompts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ea18b9dc0a875db1757da56262"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b535040665a0535c19e70437e4"`);
    await queryRunner.query(`DROP TABLE "server_resources"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_75230ffd7c7854b21db99e0f09"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c985f08a019e2d32447ca58957"`);
    await queryRunner.query(`DROP TABLE "server_tools"`);
    await queryRunner.query(`DROP TABLE "entity_metrics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b84a70f15281ab2d0a52c78374"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e8b05b97a67943d4dab35a26a"`);
    await queryRunner.query(`DROP TABLE "gateways"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_555671bf0b4b7ec59c9985532e"`);
    await queryRunner.query(`DROP TABLE "servers"`);
    await queryRunner.query(`DROP TABLE "roots"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c368ac5dcdd324dd980f43fcd"`);
    await queryRunner.query(`DROP TABLE "prompt_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5d4dd80a65d7174725c116969a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96fcaf54574ec6ccf23491c27e"`);
    await queryRunner.query(`DROP TABLE "prompts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_315f42b041061ccd53571f61a1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_53f3eda853cc10d5cdd1cf17af"`);
    await queryRunner.query(`DROP TABLE "resources"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a83f7d1cae541a13495f53399"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d95e4bbca1f6fffc98a6cf1297"`);
    await queryRunner.query(`DROP TABLE "tools"`);
  }
}
