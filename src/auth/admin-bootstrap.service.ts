/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no admin exists yet. */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config';
import { ConsultantEntity } from '@/consultants/consultant.entity';
import { PasswordService } from './password.service';

@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly config: AppConfig,
  ) {}

  /** Returns true when an admin was created. Safe to run on every start and on several instances at once. */
  async ensureFirstAdmin(): Promise<boolean> {
    const { adminEmail, adminPassword } = this.config;
    const hash = adminPassword ? await this.passwords.hash(adminPassword) : null;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('acrm:first-admin'))`);
      if (await manager.exists(ConsultantEntity, { where: { role: 'admin' } })) return false;
      if (!adminEmail || !hash) {
        this.logger.warn('No admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first one.');
        return false;
      }
      await manager.insert(ConsultantEntity, {
        fullName: 'Administrator',
        email: adminEmail.trim().toLowerCase(),
        role: 'admin',
        officeId: null,
        languages: ['en'],
        capacity: 0,
        active: true,
        passwordHash: hash,
      });
      this.logger.log('Created the first admin from ADMIN_EMAIL.');
      return true;
    });
  }
}
