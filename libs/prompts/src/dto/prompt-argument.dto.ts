import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** One prompt argument in the MCP form (`arguments` of prompts/list). */
export class PromptArgumentDto {
  @ApiProperty({ example: 'user' })
  @IsString()
  @IsNotEmpty({ message: 'an argument needs a name' })
  @MaxLength(255)
  name!: string;

  @ApiPropertyOptional({ example: 'Who to greet' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Whether a render must give it' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}
