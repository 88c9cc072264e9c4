export { CustomerSearch } from './CustomerSearch';
export { type CustomerStore, createCustomerStore } from './customer-store';
export { useCustomers } from './use-customers';
export { RecentCallers } from './RecentCallers';
