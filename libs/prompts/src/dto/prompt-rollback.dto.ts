import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/** Body of POST /prompts/{name}/rollback. */
export class PromptRollbackDto {
  @ApiProperty({ example: 1, minimum: 1, description: 'The version whose content becomes current again' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be 1 or more' })
  version!: number;
}
