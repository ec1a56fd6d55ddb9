import { Module } from '@nestjs/common';
import { NotificationsModule } from '@/notifications/notifications.module';
import { ErasureService } from './erasure.service';
import { PersonalDataExportService } from './personal-data-export.service';
import { PrivacyController } from './privacy.controller';
import { RetentionProcessor } from './retention.processor';
import { RetentionService } from './retention.service';

/** Personal data: export and erasure of a contact (API), and the retention sweep (workers). */
@Module({
  imports: [NotificationsModule],
  controllers: [PrivacyController],
  providers: [PersonalDataExportService, ErasureService, RetentionService],
  exports: [ErasureService, RetentionService],
})
export class PrivacyModule {}

/** The daily retention sweep, for worker processes only (listed in WorkerModule). */
@Module({
  imports: [PrivacyModule],
  providers: [RetentionProcessor],
})
export class PrivacyWorkerModule {}
