export {
  addToPackBasket,
  clearPackBasket,
  moveInPackBasket,
  PACK_BASKET_MAX_CLIPS,
  removeFromPackBasket,
  setPackBasketNote,
  updatePackBasket,
  usePackBasket,
} from './pack-basket.ts';
export type { PackBasket, PackBasketClip } from './pack-basket.ts';
