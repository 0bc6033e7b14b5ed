import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795597431195 implements MigrationInterface {
  name = 'InitialSchema1795597431195';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tools" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(255) NOT NULL, "original_name" varchar(255) NOT NULL, "url" text, "description" text, "integration_type" varchar(16) NOT NULL DEFAULT ('REST'), "request_type" varchar(32) NOT NULL DEFAULT ('POST'), "headers" text, "input_schema" text NOT NULL, "output_schema" text, "annotations" text, "jsonpath_filter" text, "auth_type" varchar(32), "auth_value" text, "gateway_id" varchar(36), "is_active" boolean NOT NULL DEFAULT (1), "reachable" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d95e4bbca1f6fffc98a6cf1297" ON "tools" ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a83f7d1cae541a13495f53399" ON "tools" ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "resources" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "uri" varchar(767) NOT NULL, "name" varchar(255) NOT NULL, "description" text, "mime_type" varchar(255), "uri_template" text, "text_content" text, "binary_content" text, "size" integer NOT NULL DEFAULT (0), "gateway_id" varchar(36), "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_53f3eda853cc10d5cdd1cf17af" ON "resources" ("uri") `);
    await queryRunner.query(`CREATE INDEX "IDX_315f42b041061ccd53571f61a1" ON "resources" ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "prompts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "original_name" varchar(255) NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "version" integer NOT NULL DEFAULT (1), "gateway_id" varchar(36), "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_96fcaf54574ec6ccf23491c27e" ON "prompts" ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_5d4dd80a65d7174725c116969a" ON "prompts" ("gateway_id") `);
    await queryRunner.query(
      `CREATE TABLE "prompt_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "prompt_id" integer NOT NULL, "version" integer NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5c368ac5dcdd324dd980f43fcd" ON "prompt_versions" ("prompt_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "roots" ("uri" varchar(767) PRIMARY KEY NOT NULL, "name" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "servers" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(255) NOT NULL, "description" text, "icon" text, "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_555671bf0b4b7ec59c9985532e" ON "servers" ("name") `);
    await queryRunner.query(
      `CREATE TABLE "gateways" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(255) NOT NULL, "slug" varchar(255) NOT NULL, "url" text NOT NULL, "description" text, "transport" varchar(32) NOT NULL DEFAULT ('SSE'), "capabilities" text, "auth_type" varchar(32), "auth_value" text, "is_active" boolean NOT NULL DEFAULT (1), "reachable" boolean NOT NULL DEFAULT (1), "consecutive_failures" integer NOT NULL DEFAULT (0), "last_error" text, "last_seen" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5e8b05b97a67943d4dab35a26a" ON "gateways" ("name") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b84a70f15281ab2d0a52c78374" ON "gateways" ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "entity_metrics" ("entity_type" varchar(16) NOT NULL, "entity_id" varchar(64) NOT NULL, "total_executions" integer NOT NULL DEFAULT (0), "successful_executions" integer NOT NULL DEFAULT (0), "failed_executions" integer NOT NULL DEFAULT (0), "min_response_time" double precision, "max_response_time" double precision, "total_response_time" double precision NOT NULL DEFAULT (0), "last_execution_time" datetime, "updated_at" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY ("entity_type", "entity_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "server_tools" ("server_id" varchar(36) NOT NULL, "tool_id" varchar(36) NOT NULL, PRIMARY KEY ("server_id", "tool_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c985f08a019e2d32447ca58957" ON "server_tools" ("server_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_75230ffd7c7854b21db99e0f09" ON "server_tools" ("tool_id") `);
    await queryRunner.query(
      `CREATE TABLE "server_resources" ("server_id" varchar(36) NOT NULL, "resource_id" integer NOT NULL, PRIMARY KEY ("server_id", "resource_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b535040665a0535c19e70437e4" ON "server_resources" ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ea18b9dc0a875db1757da56262" ON "server_resources" ("resource_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "server_prompts" ("server_id" varchar(36) NOT NULL, "prompt_id" integer NOT NULL, PRIMARY KEY ("server_id", "prompt_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b84c5120a3ddd729b6d142cc9a" ON "server_prompts" ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4dd0e7735fa15d7bf3a596e749" ON "server_prompts" ("prompt_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_5c368ac5dcdd324dd980f43fcd"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_prompt_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "prompt_id" integer NOT NULL, "version" integer NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_504d9127713c34218c85bcd6ab9" FOREIGN KEY ("prompt_id") REFERENCES "prompts" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_prompt_versions"("id", "prompt_id", "version", "description", "template", "argument_schema", "messages", "created_at") SELECT "id", "prompt_id", "version", "description", "template", "argument_schema", "messages", "created_at" FROM "prompt_versions"`,
    );
    await queryRunner.query(`DROP TABLE "prompt_versions"`);
    await queryRunner.query(`ALTER TABLE "temporary_prompt_versions" RENAME TO "prompt_versions"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5c368ac5dcdd324dd980f43fcd" ON "prompt_versions" ("prompt_id", "version") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_c985f08a019e2d32447ca58957"`);
    await queryRunner.query(`DROP INDEX "IDX_75230ffd7c7854b21db99e0f09"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_server_tools" ("server_id" varchar(36) NOT NULL, "tool_id" varchar(36) NOT NULL, CONSTRAINT "FK_c985f08a019e2d32447ca589574" FOREIGN KEY ("server_id") REFERENCES "servers" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_75230ffd7c7854b21db99e0f09b" FOREIGN KEY ("tool_id") REFERENCES "tools" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("server_id", "tool_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_server_tools"("server_id", "tool_id") SELECT "server_id", "tool_id" FROM "server_tools"`,
    );
    await queryRunner.query(`DROP TABLE "server_tools"`);
    await queryRunner.query(`ALTER TABLE "temporary_server_tools" RENAME TO "server_tools"`);
    await queryRunner.query(`CREATE INDEX "IDX_c985f08a019e2d32447ca58957" ON "server_tools" ("server_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_75230ffd7c7854b21db99e0f09" ON "server_tools" ("tool_id") `);
    await queryRunner.query(`DROP INDEX "IDX_b535040665a0535c19e70437e4"`);
    await queryRunner.query(`DROP INDEX "IDX_ea18b9dc0a875db1757da56262"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_server_resources" ("server_id" varchar(36) NOT NULL, "resource_id" integer NOT NULL, CONSTRAINT "FK_b535040665a0535c19e70437e44" FOREIGN KEY ("server_id") REFERENCES "servers" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_ea18b9dc0a875db1757da562623" FOREIGN KEY ("resource_id") REFERENCES "resources" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("server_id", "resource_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_server_resources"("server_id", "resource_id") SELECT "server_id", "resource_id" FROM "server_resources"`,
    );
    await queryRunner.query(`DROP TABLE "server_resources"`);
    await queryRunner.query(`ALTER TABLE "temporary_server_resources" RENAME TO "server_resources"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_b535040665a0535c19e70437e4" ON "server_resources" ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ea18b9dc0a875db1757da56262" ON "server_resources" ("resource_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_b84c5120a3ddd729b6d142cc9a"`);
    await queryRunner.query(`DROP INDEX "IDX_4dd0e7735fa15d7bf3a596e749"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_server_prompts" ("server_id" varchar(36) NOT NULL, "prompt_id" integer NOT NULL, CONSTRAINT "FK_b84c5120a3ddd729b6d142cc9a8" FOREIGN KEY ("server_id") REFERENCES "servers" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_4dd0e7735fa15d7bf3a596e749b" FOREIGN KEY ("prompt_id") REFERENCES "prompts" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("server_id", "prompt_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_server_prompts"("server_id", "prompt_id") SELECT "server_id", "prompt_id" FROM "server_prompts"`,
    );
    await queryRunner.query(`DROP TABLE "server_prompts"`);
    await queryRunner.query(`ALTER TABLE "temporary_server_prompts" RENAME TO "server_prompts"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_b84c5120a3ddd729b6d142cc9a" ON "server_prompts" ("server_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4dd0e7735fa15d7bf3a596e749" ON "server_prompts" ("prompt_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_4dd0e7735fa15d7bf3a596e749"`);
    await queryRunner.query(`DROP INDEX "IDX_b84c5120a3ddd729b6d142cc9a"`);
    await queryRunner.query(`ALTER TABLE "server_prompts" RENAME TO "temporary_server_prompts"`);
    await queryRunner.query(
      `CREATE TABLE "server_prompts" ("server_id" varchar(36) NOT NULL, "prompt_id" integer NOT NULL, PRIMARY KEY ("server_id", "prompt_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "server_prompts"("server_id", "prompt_id") SELECT "server_id", "prompt_id" FROM "temporary_server_prompts"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_server_prompts"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_4dd0e7735fa15d7bf3a596e749" ON "server_prompts" ("prompt_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b84c5120a3ddd729b6d142cc9a" ON "server_prompts" ("server_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_ea18b9dc0a875db1757da56262"`);
    await queryRunner.query(`DROP INDEX "IDX_b535040665a0535c19e70437e4"`);
    await queryRunner.query(`ALTER TABLE "server_resources" RENAME TO "temporary_server_resources"`);
    await queryRunner.query(
      `CREATE TABLE "server_resources" ("server_id" varchar(36) NOT NULL, "resource_id" integer NOT NULL, PRIMARY KEY ("server_id", "resource_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "server_resources"("server_id", "resource_id") SELECT "server_id", "resource_id" FROM "temporary_server_resources"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_server_resources"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_ea18b9dc0a875db1757da56262" ON "server_resources" ("resource_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b535040665a0535c19e70437e4" ON "server_resources" ("server_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_75230ffd7c7854b21db99e0f09"`);
    await queryRunner.query(`DROP INDEX "IDX_c985f08a019e2d32447ca58957"`);
    await queryRunner.query(`ALTER TABLE "server_tools" RENAME TO "temporary_server_tools"`);
    await queryRunner.query(
      `CREATE TABLE "server_tools" ("server_id" varchar(36) NOT NULL, "tool_id" varchar(36) NOT NULL, PRIMARY KEY ("server_id", "tool_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "server_tools"("server_id", "tool_id") SELECT "server_id", "tool_id" FROM "temporary_server_tools"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_server_tools"`);
    await queryRunner.query(`CREATE INDEX "IDX_75230ffd7c7854b21db99e0f09" ON "server_tools" ("tool_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c985f08a019e2d32447ca58957" ON "server_tools" ("server_id") `);
    await queryRunner.query(`DROP INDEX "IDX_5c368ac5dcdd324dd980f43fcd"`);
    await queryRunner.query(`ALTER TABLE "prompt_versions" RENAME TO "temporary_prompt_versions"`);
    await queryRunner.query(
      `CREATE TABLE "prompt_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "prompt_id" integer NOT NULL, "version" integer NOT NULL, "description" text, "template" text NOT NULL, "argument_schema" text NOT NULL, "messages" text, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "prompt_versions"("id", "prompt_id", "version", "description", "template", "argument_schema", "messages", "created_at") SELECT "id", "prompt_id", "version", "description", "template", "argument_schema", "messages", "created_at" FROM "temporary_prompt_versions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_prompt_versions"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5c368ac5dcdd324dd980f43fcd" ON "prompt_versions" ("prompt_id", "version") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_4dd0e7735fa15d7bf3a596e749"`);
    await queryRunner.query(`DROP INDEX "IDX_b84c5120a3ddd729b6d142cc9a"`);
    await queryRunner.query(`DROP TABLE "server_prompts"`);
    await queryRunner.query(`DROP INDEX "IDX_ea18b9dc0a875db1757da56262"`);
    await queryRunner.query(`DROP INDEX "IDX_b535040665a0535c19e70437e4"`);
    await queryRunner.query(`DROP TABLE "server_resources"`);
    await queryRunner.query(`DROP INDEX "IDX_75230ffd7c7854b21db99e0f09"`);
    await queryRunner.query(`DROP INDEX "IDX_c985f08a019e2d32447ca58957"`);
    await queryRunner.query(`DROP TABLE "server_tools"`);
    await queryRunner.query(`DROP TABLE "entity_metrics"`);
    await queryRunner.query(`DROP INDEX "IDX_b84a70f15281ab2d0a52c78374"`);
    await queryRunner.query(`DROP INDEX "IDX_5e8b05b97a67943d4dab35a26a"`);
    await queryRunner.query(`DROP TABLE "gateways"`);
    await queryRunner.query(`DROP INDEX "IDX_555671bf0b4b7ec59c9985532e"`);
    await queryRunner.query(`DROP TABLE "servers"`);
    await queryRunner.query(`DROP TABLE "roots"`);
    await queryRunner.query(`DROP INDEX "IDX_5c368ac5dcdd324dd980f43fcd"`);
    await queryRunner.query(`DROP TABLE "prompt_versions"`);
    await queryRunner.query(`DROP INDEX "IDX_5d4dd80a65d7174725c116969a"`);
    await queryRunner.query(`DROP INDEX "IDX_96fcaf54574ec6ccf23491c27e"`);
    await queryRunner.query(`DROP TABLE "prompts"`);
    await queryRunner.query(`DROP INDEX "IDX_315f42b041061ccd53571f61a1"`);
    await queryRunner.query(`DROP INDEX "IDX_53f3eda853cc10d5cdd1cf17af"`);
    await queryRunner.query(`DROP TABLE "resources"`);
    await queryRunner.query(`DROP INDEX "IDX_2a83f7d1cae541a13495f53399"`);
    await queryRunner.query(`DROP INDEX "IDX_d95e4bbca1f6fffc98a6cf1297"`);
    await queryRunner.query(`DROP TABLE "tools"`);
  }
}
