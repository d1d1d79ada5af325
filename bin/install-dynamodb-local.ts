import { ensureDynamoDbLocal } from '../lib/local/dynamodb-local-install';

ensureDynamoDbLocal((line) => console.log(line));
