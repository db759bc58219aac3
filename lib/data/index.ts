export { CIFAR10, CIFAR10_FILES, Cifar10DataError, type Cifar10Records } from './cifar10-format';
export { CIFAR10_DEFAULT_DIR, CIFAR10_DIR_VARIABLE, type Cifar10, locateCifar10, loadCifar10, type LoadCifar10Options } from './cifar10';
export { type Batch, type BatchOptions, type BatchOrder, Dataset, type DatasetInit, DatasetParameterError } from './dataset';
export { CIFAR10_ARCHIVE, prepareCifar10, type PrepareCifar10Options, type PrepareCifar10Result } from './prepare';
export { TarFormatError } from './tar';
