import { Module } from '@nestjs/common';
import { AccessKeyStore } from './access-key-store';
import { ClientIpResolver } from './client-ip.service';

@Module({ providers: [AccessKeyStore, ClientIpResolver], exports: [AccessKeyStore, ClientIpResolver] })
export class AccessModule {}
