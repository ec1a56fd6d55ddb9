import { Module } from '@nestjs/common';
import { ClientsController } from './clients.controller';
import { ClientsRepository } from './clients.repository';
import { ClientsService } from './clients.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/** Clients and contacts. Exports ClientsService for the pipeline's owner rule (`onCaseEngaged`). */
@Module({
  controllers: [ClientsController, ContactsController],
  providers: [ClientsRepository, ClientsService, ContactsService],
  exports: [ClientsService],
})
export class ClientsModule {}
