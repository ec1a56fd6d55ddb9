/** What the privacy endpoints answer: the personal-data export and the erasure report. */
import { ApiProperty } from '@nestjs/swagger';

export class ExportedContact {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) preferredLanguage: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) erasedAt: string | null;
}

export class ExportedClient {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['company', 'individual'] }) type: string;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty({ nullable: true, type: String }) industry: string | null;
  @ApiProperty({ nullable: true, type: String }) emailDomain: string | null;
}

export class ExportedRouting {
  @ApiProperty() strategy: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) consultantId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the decision in one sentence' }) summary: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class ExportedMoney {
  @ApiProperty({ example: '25000.00' }) amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class ExportedConsent {
  @ApiProperty() privacy: boolean;
  @ApiProperty() marketing: boolean;
  @ApiProperty({ nullable: true, type: String }) textVersion: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
}

export class ExportedInquiry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() status: string;
  @ApiProperty() fullName: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) company: string | null;
  @ApiProperty() originCountry: string;
  @ApiProperty({ nullable: true, type: String }) targetCountry: string | null;
  @ApiProperty({ nullable: true, type: String }) targetCity: string | null;
  @ApiProperty({ type: [String] }) serviceLines: string[];
  @ApiProperty() message: string;
  @ApiProperty({ nullable: true, type: String }) preferredLanguage: string | null;
  @ApiProperty() source: string;
  @ApiProperty({ type: ExportedConsent }) consent: ExportedConsent;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'what routing detected in it: language, service lines, city, target country',
  })
  detected: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the inquiry this one repeats' })
  duplicateOfId: string | null;
  @ApiProperty({ type: ExportedRouting, nullable: true, description: 'how it was routed' })
  routing: ExportedRouting | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) anonymizedAt: string | null;
}

export class ExportedCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) consultantId: string | null;
  @ApiProperty() stage: string;
  @ApiProperty({ type: [String] }) serviceLines: string[];
  @ApiProperty() priority: string;
  @ApiProperty({ type: ExportedMoney, nullable: true }) estimatedValue: ExportedMoney | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) expectedCloseDate: string | null;
  @ApiProperty({ nullable: true, type: String }) lostReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
}

export class ExportedActivity {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) direction: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'tasks' }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'tasks' }) completedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExportedCaseNote {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['stage_change', 'hand_over'] }) kind: string;
  @ApiProperty({ description: 'the reason staff wrote' }) text: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ExportedNotification {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() template: string;
  @ApiProperty() locale: string;
  @ApiProperty() recipientEmail: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
}

export class ExportedWebhookDelivery {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() event: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'as sent: ids and codes only' })
  payload: Record<string, unknown>;
}

export class PersonalDataExport {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ExportedContact }) contact: ExportedContact;
  @ApiProperty({ type: ExportedClient }) client: ExportedClient;
  @ApiProperty({
    type: [ExportedClient],
    description: 'individual clients of theirs that were merged into the client above (the merge moved them)',
  })
  formerClients: ExportedClient[];
  @ApiProperty({ type: [ExportedInquiry], description: 'everything submitted, with the consent record' })
  inquiries: ExportedInquiry[];
  @ApiProperty({ type: [ExportedCase], description: 'the cases about the person (context for the items below)' })
  cases: ExportedCase[];
  @ApiProperty({
    type: [ExportedActivity],
    description: 'notes, calls, e-mails, meetings and tasks logged on their cases',
  })
  activities: ExportedActivity[];
  @ApiProperty({
    type: [ExportedCaseNote],
    description: 'reasons staff gave for stage changes and hand-overs of their cases',
  })
  caseNotes: ExportedCaseNote[];
  @ApiProperty({ type: [ExportedNotification], description: 'e-mails addressed to the person' })
  notifications: ExportedNotification[];
  @ApiProperty({ type: [ExportedWebhookDelivery], description: 'webhook deliveries about their inquiries and cases' })
  webhookDeliveries: ExportedWebhookDelivery[];
  @ApiProperty({ type: [String], description: 'what the export does and does not contain' })
  notes: string[];
}

export class ErasureCounts {
  @ApiProperty() inquiries: number;
  @ApiProperty() cases: number;
  @ApiProperty() activities: number;
  @ApiProperty() caseNotes: number;
  @ApiProperty({
    description:
      'texts about other people (notes and reasons on other cases, their inquiries, mail to staff) that quoted the person’s email or phone, which were cut out',
  })
  mentionsElsewhere: number;
  @ApiProperty() notifications: number;
  @ApiProperty() webhookDeliveries: number;
  @ApiProperty() auditEntries: number;
  @ApiProperty() clientsRenamed: number;
}

export class ErasureView {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ format: 'date-time', description: 'when the contact was first erased' }) erasedAt: string;
  @ApiProperty({ description: 'true when the contact had already been erased (the scrub ran again)' })
  alreadyErased: boolean;
  @ApiProperty({ type: ErasureCounts, description: 'rows touched by this run' }) counts: ErasureCounts;
}
