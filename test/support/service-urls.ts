/** The env vars global-setup exports to every test worker; set them yourself to use other servers. */
export const TEST_MONGODB_URI = 'TEST_MONGODB_URI';
export const TEST_REDIS_URL = 'TEST_REDIS_URL';
