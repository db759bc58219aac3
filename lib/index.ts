export * from './schedules';
export * from './tfjs';
export * from './plots';
