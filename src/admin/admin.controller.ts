import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminKeyGuard } from './admin-key.guard';

/** Accounts pool management; off (404) unless ADMIN_API_KEY is set. Errors come in the OpenAI shape. */
@Controller('admin/accounts')
@UseGuards(AdminKeyGuard)
export class AdminController {
  constructor(private readonly admin: AdminAccountsService) {}

  @Get()
  list() {
    return this.admin.list();
  }

  @Post()
  @HttpCode(200)
  import(@Body() body: unknown) {
    return this.admin.import(body);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown) {
    return this.admin.update(id, body);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.admin.remove(id);
  }
}
