import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { Optional, OptionalText, Text } from '@/common/validators';

export class CreateStageDto {
  @ApiProperty({ example: 'negotiation' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be 2–40 lower-case letters, digits or _' })
  code: string;

  @Text(1, 100, 'Negotiation') name: string;

  @ApiProperty({ example: 45, description: 'order among stages; lower comes first' })
  @IsInt()
  @Min(0)
  @Max(100000)
  position: number;

  @ApiProperty({ example: 50, description: 'win probability in percent' })
  @IsInt()
  @Min(0)
  @Max(100)
  probability: number;

  @ApiPropertyOptional({
    enum: ['open'],
    description: 'as GET answers it; a new stage is a step of the open pipeline (won and lost are the base outcomes)',
  })
  @Optional()
  @IsIn(['open'], { message: 'must be open: new stages are steps of the open pipeline, won and lost are fixed' })
  category?: 'open';
}

export class UpdateStageDto {
  @OptionalText(100, 'Negotiating') name?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(100000) position?: number;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(100) probability?: number;
}

export class StageView {
  @ApiProperty({ example: 'negotiation' }) code: string;
  @ApiProperty({ example: 'Negotiation' }) name: string;
  @ApiProperty({ example: 45, description: 'order among stages; lower comes first' }) position: number;
  @ApiProperty({ example: 50, description: 'win probability in percent' }) probability: number;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) category: 'open' | 'won' | 'lost';
}

/** Every stage in pipeline order (one page holding them all). */
export class StagePage {
  @ApiProperty({ type: [StageView] }) data: StageView[];
  @ApiProperty({ example: 7 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 7 }) pageSize: number;
}
