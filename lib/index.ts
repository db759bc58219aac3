export * from './schedules';
export * from './tfjs';
