// What each rule says: short, friendly Chinese for the student, plain English for logs and reviewers.
import type { RuleId } from '../checkResult.ts';

type Message = readonly [zh: string, en: string];

export interface RuleMessages {
  pass: Message;
  fail: Message;
  warn?: Message;
  unmeasured?: Message;
}

const RULE_MESSAGES: Partial<Record<RuleId, RuleMessages>> = {
  'face.count': {
    pass: ['检测到一张人脸', 'exactly one face'],
    fail: ['请确保画面中只有您一个人，并正对镜头', 'not exactly one face on the person'],
  },
  'pose.yaw': {
    pass: ['头部朝向端正', 'head faces the camera'],
    fail: ['请把脸正对镜头，不要左右转头', 'head turned left or right'],
  },
  'pose.pitch': {
    pass: ['头部高度合适', 'head level'],
    fail: ['请平视镜头，不要抬头或低头', 'head tilted up or down'],
  },
  'geom.roll': {
    pass: ['头部端正', 'head upright'],
    fail: ['请把头摆正，不要歪头', 'head tilted sideways'],
  },
  'eyes.open': {
    pass: ['双眼自然睁开', 'both eyes open'],
    warn: ['请自然睁大眼睛', 'eyes half closed'],
    fail: ['请睁开双眼', 'eyes closed'],
  },
  'eyes.gaze': {
    pass: ['目光平视镜头', 'looking at the lens'],
    warn: ['请看着镜头', 'gaze may be off the lens'],
    fail: ['请看着镜头，不要看别处', 'looking away from the lens'],
  },
  'mouth.closed': {
    pass: ['嘴唇自然闭合', 'lips closed'],
    warn: ['请自然闭上嘴唇', 'lips may be parted'],
    fail: ['请闭上嘴，不要露出牙齿', 'mouth open or teeth visible'],
  },
  'glasses.tinted': {
    pass: ['镜片无颜色', 'no tinted lenses'],
    warn: ['镜片可能有颜色，请确认', 'lenses may be tinted'],
    fail: ['请摘下有色眼镜', 'tinted lenses'],
  },
  'glasses.glare': {
    pass: ['镜片无反光', 'no glare on the lenses'],
    warn: ['镜片可能有反光，请稍微低头或调整眼镜', 'possible glare on the lenses'],
    fail: ['镜片反光，请稍微调整眼镜角度或摘下眼镜', 'glare on the lenses'],
  },
  'glasses.frame_over_eyes': {
    pass: ['镜框没有挡住眼睛', 'frame clear of the eyes'],
    warn: ['请确认镜框没有挡住眼睛', 'glasses frame may cover the eyes'],
    fail: ['镜框挡住了眼睛，请扶正眼镜', 'glasses frame covers the eyes'],
  },
  'wear.headwear': {
    pass: ['未佩戴帽子或头饰', 'no headwear'],
    warn: ['请确认没有佩戴帽子或发饰', 'possible headwear or hair ornament'],
    fail: ['请摘下帽子、发箍或发饰', 'headwear or hair ornament'],
    unmeasured: ['请确认没有佩戴帽子或发饰', 'not checked'],
  },
  'wear.earrings': {
    pass: ['未佩戴耳饰', 'no earrings'],
    warn: ['请确认已摘下耳饰', 'possible earrings'],
    fail: ['请摘下耳环、耳钉等耳饰', 'earrings'],
    unmeasured: ['请确认已摘下耳饰', 'not checked'],
  },
  'wear.necklace': {
    pass: ['未佩戴项链', 'no necklace'],
    warn: ['请确认已摘下项链', 'possible necklace'],
    fail: ['请摘下项链等饰品', 'necklace'],
    unmeasured: ['请确认已摘下项链', 'not checked'],
  },
  'hair.eyebrows': {
    pass: ['眉毛露出', 'eyebrows visible'],
    warn: ['请确认头发没有遮住眉毛', 'hair may cover the eyebrows'],
    fail: ['请把刘海拨开，露出眉毛和额头', 'hair covers the eyebrows'],
  },
  'hair.ears': {
    pass: ['耳朵露出', 'ears visible'],
    warn: ['请确认耳朵露出', 'hair may cover the ears'],
    fail: ['请把头发别到耳后', 'hair covers the ears'],
    unmeasured: ['请确认耳朵露出', 'not checked'],
  },
  'clothes.contrast': {
    pass: ['衣服颜色与背景区分明显', 'clothing contrasts with the background'],
    warn: ['衣服颜色与背景接近，建议换件衣服', 'clothing close to the background colour'],
    fail: ['衣服颜色和背景太接近，请换一件颜色不同的衣服', 'clothing matches the background'],
    unmeasured: ['请确认衣服与背景颜色不同', 'not checked'],
  },
  'clothes.blue': {
    pass: ['衣服不是蓝色', 'clothing not blue'],
    warn: ['衣服偏蓝，建议换件衣服', 'clothing partly blue'],
    fail: ['背景是蓝色，请不要穿蓝色衣服', 'blue clothing on a blue background'],
    unmeasured: ['请确认没有穿蓝色衣服', 'not checked'],
  },
  'clothes.pattern': {
    pass: ['衣服为纯色', 'plain clothing'],
    warn: ['衣服可能有花纹，建议穿纯色衣服', 'clothing may be patterned'],
    fail: ['请穿纯色、无花纹或条纹的衣服', 'patterned or striped clothing'],
    unmeasured: ['请确认衣服为纯色', 'not checked'],
  },
  'light.balance': {
    pass: ['脸部光线均匀', 'even light on the face'],
    warn: ['脸部一侧偏暗，请调整位置', 'one side of the face darker'],
    fail: ['脸部一侧太暗（阴阳脸），请正对灯光', 'one side of the face in shadow'],
  },
  'light.highlights': {
    pass: ['脸部无明显反光', 'no hot spots on the face'],
    warn: ['脸上有些反光', 'some hot spots on the face'],
    fail: ['脸上反光太强，请擦一下脸或调整位置', 'strong highlights on the face'],
  },
  'light.exposure': {
    pass: ['亮度合适', 'exposure fine'],
    fail: ['照片太亮或太暗，请调整光线', 'face over- or under-exposed'],
  },
  'light.red_eye': {
    pass: ['无红眼', 'no red-eye'],
    fail: ['出现红眼，请重新拍摄', 'red-eye'],
  },
  'image.sharpness': {
    pass: ['照片清晰', 'in focus'],
    warn: ['照片不够清晰，请保持不动', 'slightly soft'],
    fail: ['照片模糊，请保持不动重新拍摄', 'blurred'],
  },
  'body.shoulders_level': {
    pass: ['双肩水平', 'shoulders level'],
    warn: ['请把双肩放平', 'shoulders slightly uneven'],
    fail: ['请坐正，保持双肩水平', 'shoulders not level'],
    unmeasured: ['请确认双肩水平', 'not checked'],
  },
  'face.makeup': {
    pass: ['未见明显妆容', 'no visible makeup'],
    fail: ['请素颜拍摄，由审核人员确认', 'visible makeup, a reviewer decides'],
  },
  'eyes.contacts': {
    pass: ['未见美瞳', 'no coloured contact lenses seen'],
    fail: ['请摘下美瞳，由审核人员确认', 'possible coloured contact lenses, a reviewer decides'],
  },
};

const FALLBACK: RuleMessages = { pass: ['通过', 'passed'], fail: ['未通过', 'failed'] };

export function messagesFor(id: RuleId): RuleMessages {
  return RULE_MESSAGES[id] ?? FALLBACK;
}
